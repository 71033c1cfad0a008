// The real badge app's connection roles over the site medium (host/sim/connection-medium.ts):
// a phone stand-in that advertises 0xC019 without service data (iPhone-like) is read by the badge
// as central when near, not when far; a phone acting as central writes to the badge in its
// connectable window and the badge logs it, marked by connection.
import { describe, expect, it } from "vitest";
import { toHex } from "../../firmware/core/bytes.js";
import { decodeLogRecord, RecordType, type ScanWindowRecord } from "../../firmware/core/log-record.js";
import { SimScheduler } from "../../firmware/platform/sim/scheduler.js";
import type { TcnGattHandlers } from "../../firmware/ports/radio.js";
import { ConnectionMedium } from "../../host/sim/connection-medium.js";
import { appBadgeFactory } from "../../host/sim/sim-badge.js";
import { standing } from "./scenario.js";

const PHONE_ADVERT = Uint8Array.of(2, 0x01, 0x06, 3, 0x03, 0x19, 0xc0);
const PHONE_TCN = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);

function site(phoneMeters: number, seed = 3) {
  const scheduler = new SimScheduler(0);
  const medium = new ConnectionMedium(scheduler, standing([[0, 0], [phoneMeters, 0]]), { seed, radio: { bodyBlockProbability: 0 } });
  const badge = appBadgeFactory({ log: "ram" })({ scheduler, air: medium, radioId: 0, seed, bootAtMs: 0 });
  const written: Uint8Array[] = [];
  const handlers: TcnGattHandlers = { read: () => PHONE_TCN, written: (v) => written.push(v.slice()), admit: () => true };
  medium.setAdvertising(1, { address: "70000000beef", adData: PHONE_ADVERT, intervalMs: 250 });
  medium.setTcnService(1, { handlers, connectable: true });
  badge.start();
  return { scheduler, medium, badge, written };
}

function connectionSightings(badge: ReturnType<typeof site>["badge"]): string[] {
  return badge.syncBackend
    .readLog(0, 1 << 30)
    .map((e) => decodeLogRecord(e.payload))
    .filter((r): r is ScanWindowRecord => r.type === RecordType.ScanWindow)
    .flatMap((r) => r.sightings.filter((s) => s.heardBy === "connection").map((s) => toHex(s.tcn)));
}

describe("TCN connections over the site medium", () => {
  it("a badge reads an iPhone-like phone 1 m away and writes its own TCN to it", () => {
    const { scheduler, medium, badge, written } = site(1);
    scheduler.runUntil(10 * 60_000);
    expect(connectionSightings(badge)).toContain(toHex(PHONE_TCN));
    expect(written.length).toBeGreaterThan(0);
    expect(written.every((w) => w.length === 16)).toBe(true);
    expect(medium.connectionCounts.completed).toBeGreaterThan(0);
    expect(medium.connectionCounts.perRadio.get(0)).toBe(medium.connectionCounts.attempts);
  });

  it("a phone 300 m away is never reached", () => {
    const { scheduler, medium, badge, written } = site(300);
    scheduler.runUntil(10 * 60_000);
    expect(connectionSightings(badge)).toEqual([]);
    expect(written).toEqual([]);
    expect(medium.connectionCounts.completed).toBe(0);
  });

  it("a phone acting as central writes to the badge in its connectable window and the badge logs it, marked by connection", () => {
    const { scheduler, medium, badge } = site(1);
    medium.setTcnService(1, null); // the phone only as central here
    medium.setAdvertising(1, null);
    const results: Array<boolean> = [];
    // Try once every 10 s for 3 minutes: only tries in the badge's 5 s windows can succeed.
    for (let t = 1000; t < 3 * 60_000; t += 10_000) {
      scheduler.at(t, () => {
        const address = medium.advertOf(0)?.address;
        if (address === undefined) return;
        medium.setAdvertising(1, { address: "70000000beef", adData: PHONE_ADVERT, intervalMs: 250 });
        medium.exchangeTcn(1, address, PHONE_TCN, 8000, (r) => results.push(r !== null));
      });
    }
    scheduler.runUntil(6 * 60_000);
    expect(results.some((ok) => ok)).toBe(true);
    expect(results.some((ok) => !ok)).toBe(true); // outside the windows the badge is not connectable
    expect(connectionSightings(badge)).toContain(toHex(PHONE_TCN));
  });
});
