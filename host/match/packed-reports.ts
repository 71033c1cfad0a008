// Reports held as one byte buffer and an offset table instead of one object each: a day's feed of
// 10,000 reports is about 1.4 MB this way, and the matcher reads it as a stream of views.
export class PackedReports implements Iterable<Uint8Array> {
  private bytes = new Uint8Array(64 * 1024);
  private ends = new Uint32Array(1024);
  private used = 0;
  private n = 0;

  get count(): number {
    return this.n;
  }

  get byteLength(): number {
    return this.used;
  }

  push(report: Uint8Array): void {
    if (this.used + report.length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + report.length));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    if (this.n === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.bytes.set(report, this.used);
    this.used += report.length;
    this.ends[this.n++] = this.used;
  }

  *[Symbol.iterator](): Iterator<Uint8Array> {
    for (let i = 0, start = 0; i < this.n; start = this.ends[i], i++) yield this.bytes.subarray(start, this.ends[i]);
  }

  static from(reports: Iterable<Uint8Array>): PackedReports {
    const packed = new PackedReports();
    for (const r of reports) packed.push(r);
    return packed;
  }
}
