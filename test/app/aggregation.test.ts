import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EmptyWindowRun } from "../../firmware/app/empty-run.js";
import { ScanWindowAggregator } from "../../firmware/app/scan-window.js";
import { toHex } from "../../firmware/core/bytes.js";
import { decodeLogRecord, encodeLogRecord, type BadgeTime, type EmptyWindowsRecord } from "../../firmware/core/log-record.js";

const START: BadgeTime = { wall: true, bootCount: 1, seconds: 1_700_000_000 };
const tcnOfId = (id: number) => Uint8Array.from({ length: 16 }, (_, i) => (id * 31 + i * 7) & 0xff);

describe("scan-window aggregation", () => {
  it("per TCN: count, min and mean RSSI equal a direct computation over any random sighting stream; own TCN left out", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: -110, max: -20 })), { maxLength: 300 }),
        fc.integer({ min: 0, max: 6 }),
        (stream, ownId) => {
          const agg = new ScanWindowAggregator(255);
          agg.addOwnTcn(tcnOfId(ownId));
          for (const [id, rssi] of stream) agg.add(tcnOfId(id), rssi);
          const record = agg.finish(START, 4);
          const model = new Map<string, number[]>();
          for (const [id, rssi] of stream) {
            if (id === ownId) continue;
            const key = toHex(tcnOfId(id));
            model.set(key, [...(model.get(key) ?? []), rssi]);
          }
          expect(record.sightings.map((s) => toHex(s.tcn))).toEqual([...model.keys()]);
          for (const s of record.sightings) {
            const rssis = model.get(toHex(s.tcn))!;
            expect(s.count).toBe(rssis.length);
            expect(s.minRssi).toBe(Math.min(...rssis));
            expect(s.meanRssi).toBe(Math.round(rssis.reduce((a, b) => a + b, 0) / rssis.length));
          }
          // What is logged decodes back to the same numbers.
          expect(decodeLogRecord(encodeLogRecord(record))).toEqual(record);
        },
      ),
    );
  });

  it("starts empty again after each window, forgetting the previous window's own TCN", () => {
    const agg = new ScanWindowAggregator(255);
    agg.addOwnTcn(tcnOfId(1));
    agg.add(tcnOfId(2), -50);
    expect(agg.finish(START, 4).sightings).toHaveLength(1);
    agg.add(tcnOfId(1), -40);
    const next = agg.finish(START, 4);
    expect(next.sightings.map((s) => toHex(s.tcn))).toEqual([toHex(tcnOfId(1))]);
  });

  it("when more TCNs are heard than fit, keeps the most heard ones, in first-heard order", () => {
    const agg = new ScanWindowAggregator(2);
    agg.add(tcnOfId(1), -60);
    agg.add(tcnOfId(2), -60);
    agg.add(tcnOfId(2), -60);
    agg.add(tcnOfId(3), -60);
    agg.add(tcnOfId(3), -60);
    agg.add(tcnOfId(3), -60);
    expect(agg.finish(START, 4).sightings.map((s) => s.count)).toEqual([2, 3]);
  });

  it("among TCNs heard equally often, keeps the strongest when not all fit", () => {
    const agg = new ScanWindowAggregator(2);
    agg.add(tcnOfId(1), -80);
    agg.add(tcnOfId(2), -55);
    agg.add(tcnOfId(3), -70);
    expect(agg.finish(START, 4).sightings.map((s) => toHex(s.tcn))).toEqual([toHex(tcnOfId(2)), toHex(tcnOfId(3))]);
  });

  it("clamps RSSI to the signed byte the record holds", () => {
    const agg = new ScanWindowAggregator(255);
    agg.add(tcnOfId(1), -200);
    agg.add(tcnOfId(1), -199.6);
    const [s] = agg.finish(START, 4).sightings;
    expect([s.minRssi, s.meanRssi]).toEqual([-128, -128]);
  });
});

describe("empty-window runs", () => {
  it("coalesce consecutive empty windows so that expanding the records gives back exactly the windows added", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 120 }), fc.integer({ min: 1, max: 50 }), (gaps, max) => {
        const run = new EmptyWindowRun(max);
        const records: EmptyWindowsRecord[] = [];
        const starts: number[] = [];
        let t = 1000;
        for (const gap of gaps) {
          t += gap * 60; // gap 1: the next window in step; more: windows missed (e.g. a busy one between)
          starts.push(t);
          const flushed = run.add({ wall: true, bootCount: 2, seconds: t }, 4, 60);
          if (flushed) records.push(flushed);
          if (run.full) records.push(run.flush()!);
        }
        const last = run.flush();
        if (last) records.push(last);
        const expanded = records.flatMap((r) => Array.from({ length: r.count }, (_, k) => r.start.seconds + k * r.periodSeconds));
        expect(expanded).toEqual(starts);
        expect(records.every((r) => r.count <= max)).toBe(true);
        // A run never spans a missed window.
        expect(records.length).toBeGreaterThanOrEqual(gaps.filter((g, i) => i > 0 && g > 1).length + 1);
      }),
    );
  });

  it("never joins windows of different time bases (uptime of a boot vs wall time)", () => {
    const run = new EmptyWindowRun(100);
    expect(run.add({ wall: false, bootCount: 3, seconds: 60 }, 4, 60)).toBeNull();
    const flushed = run.add({ wall: true, bootCount: 3, seconds: 120 }, 4, 60);
    expect(flushed?.start).toEqual({ wall: false, bootCount: 3, seconds: 60 });
    expect(flushed?.count).toBe(1);
  });
});
