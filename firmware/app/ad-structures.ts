// One walk over raw advertising data's AD structures (length, type, data), for the connection-only
// peer test (connection-exchange.ts). The TCN broadcast reader (advert.ts findTcnOffset) runs for
// every packet heard and walks inline by the same rules, since a callback per structure costs a
// quarter more XS steps per advert; test/app/ad-structures.test.ts holds both to one splitter.
// Malformed structures end the walk instead of throwing: the air is full of other people's bytes.

/**
 * Calls `visit(type, dataStart, end)` for each well-formed AD structure in order, where the
 * structure's data is adData[dataStart, end). Stops at a zero length, at a structure that runs
 * past the end, or as soon as `visit` returns true. Returns whether `visit` stopped it.
 */
export function walkAdStructures(adData: Uint8Array, visit: (type: number, dataStart: number, end: number) => boolean | void): boolean {
  let at = 0;
  while (at < adData.length) {
    const length = adData[at];
    if (length === 0) break;
    const end = at + 1 + length;
    if (end > adData.length) break;
    if (visit(adData[at + 1], at + 2, end) === true) return true;
    at = end;
  }
  return false;
}

/** The little-endian 16-bit UUID at `at`. */
export function uuid16At(adData: Uint8Array, at: number): number {
  return adData[at] | (adData[at + 1] << 8);
}
