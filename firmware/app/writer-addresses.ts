// Which TCN each peer gave us by connection (a central's write, or our read as central), by the
// peer's address, for a while. An iPhone's own advert carries no TCN (in the background iOS moves
// it to Apple's overflow area; in the foreground it lists 0xC019 without service data), but its
// address is the one it connected from or we connected to: every later packet from that address is
// the same phone still near, so it counts as that TCN heard again, at that packet's RSSI.
// tcn-client-android tracks written iPhones the same way (TcnBluetoothManager.kt,
// inRangeBleAddressToTcnMap). Bounded: a badge has little RAM.
export class WriterAddresses {
  private readonly entries = new Map<string, { tcn: Uint8Array; until: number }>();

  constructor(private readonly keepMs: number, private readonly max: number) {}

  remember(address: string, tcn: Uint8Array, nowMs: number): void {
    this.entries.delete(address);
    if (this.entries.size >= this.max) {
      // Maps iterate in insertion order: the first key is the oldest write.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(address, { tcn, until: nowMs + this.keepMs });
  }

  /** The TCN `address` wrote within keepMs, or null. */
  tcnOf(address: string, nowMs: number): Uint8Array | null {
    const entry = this.entries.get(address);
    if (entry === undefined) return null;
    if (nowMs >= entry.until) {
      this.entries.delete(address);
      return null;
    }
    return entry.tcn;
  }

  get size(): number {
    return this.entries.size;
  }
}
