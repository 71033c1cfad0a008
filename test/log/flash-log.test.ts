import { describe, expect, test } from "vitest";
import { FlashLog, FlashLogError, RECORD_HEADER_BYTES, SECTOR_HEADER_BYTES } from "../../firmware/log/index.js";
import { seededRandom } from "../../firmware/platform/sim/flash-faults.js";
import { SimNorFlash } from "../../firmware/platform/sim/flash.js";
import { readAll } from "./model.js";

const small = () => new SimNorFlash({ sectorSize: 256, sectorCount: 6, writesPerWord: 1 });
const payload = (n: number, length = 16) => new Uint8Array(length).fill(n & 0xff);

describe("FlashLog basics", () => {
  test("a blank flash opens as an empty log and writes nothing while opening", () => {
    const flash = small();
    const log = FlashLog.open(flash, { policy: "stop" });
    expect(flash.bytesProcessed).toBe(0);
    expect(log.read(0, 1000)).toEqual([]);
    expect(log.status()).toMatchObject({ firstSeq: 1, nextSeq: 1, ackedSeq: 0, usedBytes: 0, droppedRecords: 0, full: false, nearlyFull: false });
    expect(log.status().capacityBytes).toBe(4 * (256 - SECTOR_HEADER_BYTES));
  });

  test("records read back byte-identical, oldest first, in pages of maxBytes (at least one record)", () => {
    const log = FlashLog.open(small(), { policy: "stop" });
    const sizes = [4, 16, 32, 72, 20];
    sizes.forEach((size, i) => expect(log.append(payload(i + 1, size))).toEqual({ seq: i + 1, droppedRecords: 0 }));
    const all = log.read(0, 10_000);
    expect(all.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    all.forEach((r, i) => expect(r.payload).toEqual(payload(i + 1, sizes[i])));
    expect(log.read(3, 1).map((r) => r.seq)).toEqual([3]);
    expect(log.read(2, 48).map((r) => r.seq)).toEqual([2, 3]);
    expect(log.read(6, 100)).toEqual([]);
  });

  test("sequence numbers survive reboots and keep rising across many ring laps", () => {
    const flash = small();
    let log = FlashLog.open(flash, { policy: "stop" });
    let last = 0;
    for (let i = 0; i < 400; i++) {
      const r = log.append(payload(i, 40));
      expect(r.seq).toBe(last + 1);
      last = r.seq as number;
      log.acknowledge(last);
      if (i % 37 === 0) log = FlashLog.open(flash, { policy: "stop" });
    }
    expect(log.status()).toMatchObject({ nextSeq: 401, ackedSeq: 400, firstSeq: 401, droppedRecords: 0 });
    expect(flash.erases.slice(0, 4).every((n) => n >= 20)).toBe(true);
  });

  test("acknowledged records are no longer read; the acknowledgement survives a reboot", () => {
    const flash = small();
    const log = FlashLog.open(flash, { policy: "stop" });
    for (let i = 1; i <= 6; i++) log.append(payload(i));
    log.acknowledge(4);
    log.acknowledge(2); // going back is a no-op
    expect(log.read(0, 1000).map((r) => r.seq)).toEqual([5, 6]);
    const again = FlashLog.open(flash, { policy: "stop" });
    expect(again.status()).toMatchObject({ ackedSeq: 4, firstSeq: 5, nextSeq: 7 });
    expect(again.read(0, 1000).map((r) => r.seq)).toEqual([5, 6]);
  });

  test("acknowledging a seq never issued is refused with the newest seq in the message", () => {
    const log = FlashLog.open(small(), { policy: "stop" });
    log.append(payload(1));
    expect(() => log.acknowledge(2)).toThrow(/newest record is 1/);
    expect(() => log.acknowledge(-1)).toThrow(FlashLogError);
    expect(() => log.acknowledge(1.5)).toThrow(FlashLogError);
  });

  test("bad payloads are refused with the rule they broke and change nothing", () => {
    const flash = small();
    const log = FlashLog.open(flash, { policy: "stop" });
    for (const bad of [new Uint8Array(0), new Uint8Array(3), new Uint8Array(6), new Uint8Array(log.maxPayloadBytes + 4)]) {
      expect(() => log.append(bad)).toThrow(/multiple of 4/);
    }
    expect(() => log.append([1, 2, 3, 4] as unknown as Uint8Array)).toThrow(/Uint8Array/);
    expect(flash.bytesProcessed).toBe(0);
    expect(log.append(new Uint8Array(log.maxPayloadBytes)).seq).toBe(1);
  });

  test("a flash too small for the ring and its meta sectors is refused", () => {
    expect(() => FlashLog.open(new SimNorFlash({ sectorSize: 256, sectorCount: 3 }), { policy: "stop" })).toThrow(/at least 4 sectors/);
    expect(() => FlashLog.open(small(), { policy: "keep" as "stop" })).toThrow(/policy/);
    expect(() => FlashLog.open(small(), { policy: "stop", nearlyFullFraction: 1.5 })).toThrow(/nearlyFullFraction/);
  });
});

describe("FlashLog when full", () => {
  test("policy stop refuses new records, counts them, says full, and resumes after an acknowledgement", () => {
    const flash = small();
    const log = FlashLog.open(flash, { policy: "stop" });
    let refused = 0;
    let stored = 0;
    for (let i = 0; i < 80; i++) {
      const r = log.append(payload(i, 40));
      if (r.seq === null) {
        expect(r.droppedRecords).toBe(1);
        refused++;
      } else stored++;
    }
    expect(refused).toBeGreaterThan(0);
    const status = log.status();
    expect(status).toMatchObject({ full: true, nearlyFull: true, droppedRecords: refused, firstSeq: 1, nextSeq: stored + 1 });
    expect(readAll(log).map((r) => r.seq)).toEqual(Array.from({ length: stored }, (_, i) => i + 1));
    log.acknowledge(10);
    expect(log.append(payload(1, 40)).seq).toBe(stored + 1);
    expect(log.status().droppedRecords).toBe(refused); // the ack persisted the refusals too
    expect(FlashLog.open(flash, { policy: "stop" }).status().droppedRecords).toBe(refused);
  });

  test("policy drop-oldest erases the oldest unacknowledged records, counts exactly those, and persists the count", () => {
    const flash = small();
    const log = FlashLog.open(flash, { policy: "drop-oldest" });
    let dropped = 0;
    for (let i = 1; i <= 80; i++) {
      const r = log.append(payload(i, 40));
      expect(r.seq).toBe(i);
      dropped += r.droppedRecords;
    }
    expect(dropped).toBeGreaterThan(0);
    const seqs = readAll(log).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: 80 - dropped }, (_, i) => dropped + 1 + i));
    expect(log.status()).toMatchObject({ droppedRecords: dropped, firstSeq: dropped + 1, full: true });
    const again = FlashLog.open(flash, { policy: "drop-oldest" });
    expect(again.status().droppedRecords).toBe(dropped);
    expect(readAll(again).map((r) => r.seq)).toEqual(seqs);
  });

  test("nearlyFull turns on at the configured fraction of capacity", () => {
    const log = FlashLog.open(small(), { policy: "stop", nearlyFullFraction: 0.5 });
    let n = 0;
    let usedBefore = 0;
    while (!log.status().nearlyFull) {
      usedBefore = log.status().usedBytes;
      log.append(payload(n++, 40));
      expect(n).toBeLessThan(50);
    }
    const { usedBytes, capacityBytes, full } = log.status();
    expect(full).toBe(false);
    expect(usedBefore).toBeLessThan(capacityBytes / 2);
    expect(usedBytes).toBeGreaterThanOrEqual(capacityBytes / 2);
    expect(usedBytes).toBeGreaterThan(usedBefore + RECORD_HEADER_BYTES);
  });

  test("wear is spread: after many laps every ring sector was erased within one of the others", () => {
    const flash = new SimNorFlash({ sectorSize: 256, sectorCount: 10, writesPerWord: 1 });
    const log = FlashLog.open(flash, { policy: "stop" });
    for (let i = 1; i <= 2000; i++) {
      log.append(payload(i, 28));
      if (i % 5 === 0) log.acknowledge(i);
    }
    const ring = flash.erases.slice(0, 8);
    expect(Math.max(...ring) - Math.min(...ring)).toBeLessThanOrEqual(1);
    expect(Math.min(...ring)).toBeGreaterThan(20);
  });
});

describe("FlashLog on damaged flash", () => {
  test("opens on garbage, returns nothing from it, and works after", () => {
    const random = seededRandom(42);
    const image = new Uint8Array(256 * 6);
    for (let i = 0; i < image.length; i++) image[i] = Math.floor(random() * 256);
    const flash = new SimNorFlash({ sectorSize: 256, sectorCount: 6, image, writesPerWord: 1 });
    const log = FlashLog.open(flash, { policy: "stop" });
    expect(readAll(log)).toEqual([]);
    for (let i = 1; i <= 20; i++) expect(log.append(payload(i, 24)).seq).toBe(i);
    expect(readAll(FlashLog.open(flash, { policy: "stop" })).map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  test("a bit flip inside one record hides only that record; the ones behind it are still read", () => {
    const flash = small();
    const log = FlashLog.open(flash, { policy: "stop" });
    for (let i = 1; i <= 5; i++) log.append(payload(i, 24));
    flash.flipBit(SECTOR_HEADER_BYTES + (RECORD_HEADER_BYTES + 24) + RECORD_HEADER_BYTES + 3, 2); // payload of seq 2
    const again = FlashLog.open(flash, { policy: "stop" });
    expect(readAll(again).map((r) => r.seq)).toEqual([1, 3, 4, 5]);
    expect(again.status().corruptRecordsSkipped).toBe(1);
    expect(again.append(payload(6, 24)).seq).toBe(6);
  });
});
