import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeAdvertisingData, findTcnInAdvertisingData, tcnAdvertisingFields } from "../../firmware/app/advert.js";
import { fromHex, toHex } from "../../firmware/core/bytes.js";

const TCN = fromHex("00112233445566778899aabbccddeeff");

/**
 * An independent reader written the way a TCN phone app reads a scan record: Android's
 * ScanRecord splits AD structures into a map of service data by UUID, and the TCN library takes
 * the first 16 bytes of the 0xC019 entry when it holds at least 16.
 */
function phoneAppReader(scanRecord: Uint8Array): string | null {
  const serviceData = new Map<string, Uint8Array>();
  let i = 0;
  while (i < scanRecord.length) {
    const len = scanRecord[i++];
    if (len === 0 || i + len > scanRecord.length) break;
    const type = scanRecord[i];
    if (type === 0x16) {
      const uuid = "0000" + toHex(new Uint8Array([scanRecord[i + 2], scanRecord[i + 1]])) + "-0000-1000-8000-00805f9b34fb";
      serviceData.set(uuid, scanRecord.slice(i + 3, i + len));
    }
    i += len;
  }
  const data = serviceData.get("0000c019-0000-1000-8000-00805f9b34fb");
  return data !== undefined && data.length >= 16 ? toHex(data.subarray(0, 16)) : null;
}

describe("TCN advert bytes", () => {
  it("are exactly flags (3) + complete UUID list [0xC019] (4) + service data 0xC019 = TCN (20): 27 bytes as the spec lays out", () => {
    const bytes = encodeAdvertisingData(tcnAdvertisingFields(TCN));
    expect(bytes.length).toBe(27);
    expect(toHex(bytes)).toBe("020104" + "030319c0" + "131619c0" + toHex(TCN));
  });

  it("broadcast flags leave both discoverable bits clear (non-connectable)", () => {
    const flags = tcnAdvertisingFields(TCN).flags;
    expect(flags & 0x03).toBe(0);
  });

  it("a TCN phone app's reader finds our TCN, and ours finds theirs in Android's 20-byte form", () => {
    const ours = encodeAdvertisingData(tcnAdvertisingFields(TCN));
    expect(phoneAppReader(ours)).toBe(toHex(TCN));
    // Android: 16-byte TCN + 4 bytes of the phone's own TCN, UUID list first, no flags from a background app.
    const android = fromHex("030319c0" + "171619c0" + toHex(TCN) + "deadbeef");
    expect(phoneAppReader(android)).toBe(toHex(TCN));
    expect(toHex(findTcnInAdvertisingData(android)!)).toBe(toHex(TCN));
  });

  it("round-trips any TCN, and our finder agrees with the phone reader on every random AD stream", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (tcn) => {
        const found = findTcnInAdvertisingData(encodeAdvertisingData(tcnAdvertisingFields(tcn)));
        expect(found && toHex(found)).toBe(toHex(tcn));
      }),
    );
  });

  it("finds the TCN wherever it sits among other AD structures, agreeing with the phone reader", () => {
    const structure = fc.record({
      type: fc.constantFrom(0x01, 0x03, 0x09, 0x16, 0xff),
      data: fc.uint8Array({ minLength: 2, maxLength: 10 }),
    });
    fc.assert(
      fc.property(
        fc.array(structure, { maxLength: 5 }),
        fc.option(fc.record({ tcn: fc.uint8Array({ minLength: 16, maxLength: 16 }), extra: fc.uint8Array({ maxLength: 4 }), at: fc.nat() })),
        (others, tcnEntry) => {
          const parts = others.map(({ type, data }) => {
            if (type === 0x16 && data[0] === 0x19) data[0] = 0x18; // some other UUID, never 0xC019
            return Uint8Array.from([data.length + 1, type, ...data]);
          });
          if (tcnEntry !== null) {
            const body = [0x16, 0x19, 0xc0, ...tcnEntry.tcn, ...tcnEntry.extra];
            parts.splice(tcnEntry.at % (parts.length + 1), 0, Uint8Array.from([body.length, ...body]));
          }
          const stream = Uint8Array.from(parts.flatMap((p) => [...p]));
          const found = findTcnInAdvertisingData(stream);
          expect(found && toHex(found)).toBe(tcnEntry === null ? null : toHex(tcnEntry.tcn));
          expect(phoneAppReader(stream)).toBe(found && toHex(found));
        },
      ),
    );
  });

  it("ignores service data of other UUIDs, too-short TCN service data and truncated structures", () => {
    expect(findTcnInAdvertisingData(fromHex("131618fe" + toHex(TCN)))).toBeNull();
    expect(findTcnInAdvertisingData(fromHex("0b1619c0" + "00112233445566778899"))).toBeNull();
    expect(findTcnInAdvertisingData(fromHex("131619c0" + "0011"))).toBeNull();
    expect(findTcnInAdvertisingData(new Uint8Array(0))).toBeNull();
    // A 0xC019 entry after an unrelated one is still found.
    expect(toHex(findTcnInAdvertisingData(fromHex("05ff4c000215" + "131619c0" + toHex(TCN)))!)).toBe(toHex(TCN));
  });

  it("refuses fields that would not fit a 31-byte legacy advert", () => {
    expect(() => encodeAdvertisingData({ flags: 4, completeUUID16List: [0xc019, 0x180f, 0x180a], serviceDataUUID16: { uuid: 0xc019, data: new Uint8Array(20) } })).toThrow(/31/);
    expect(() => tcnAdvertisingFields(new Uint8Array(15))).toThrow(/16 bytes/);
  });
});
