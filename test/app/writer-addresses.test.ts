// The badge's memory of which address gave which TCN by connection: bounded, oldest first out,
// forgotten after its time.
import { describe, expect, it } from "vitest";
import { WriterAddresses } from "../../firmware/app/writer-addresses.js";

const tcn = (n: number) => Uint8Array.from({ length: 16 }, () => n);

describe("WriterAddresses", () => {
  it("answers with the TCN an address gave until keepMs has passed, then forgets it", () => {
    const writers = new WriterAddresses(1000, 4);
    writers.remember("a1", tcn(1), 0);
    expect(writers.tcnOf("a1", 999)).toEqual(tcn(1));
    expect(writers.tcnOf("a1", 1000)).toBeNull();
    expect(writers.size).toBe(0);
    expect(writers.tcnOf("zz", 0)).toBeNull();
  });

  it("holds at most max addresses, forgetting the oldest write first; a new write refreshes an address", () => {
    const writers = new WriterAddresses(60_000, 3);
    writers.remember("a1", tcn(1), 0);
    writers.remember("a2", tcn(2), 1);
    writers.remember("a3", tcn(3), 2);
    writers.remember("a1", tcn(11), 3); // a1 again: now the newest
    writers.remember("a4", tcn(4), 4); // a2 is the oldest and goes
    expect(writers.size).toBe(3);
    expect(writers.tcnOf("a2", 5)).toBeNull();
    expect(writers.tcnOf("a1", 5)).toEqual(tcn(11));
    expect(writers.tcnOf("a3", 5)).toEqual(tcn(3));
    expect(writers.tcnOf("a4", 5)).toEqual(tcn(4));
  });
});
