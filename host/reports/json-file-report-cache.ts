// A ReportCache in one JSON file, rewritten atomically (temp file, fsync, rename) on every change.
// Fine for a few thousand reports; the host store replaces it at scale.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { fromBase64, toBase64 } from "../../firmware/core/index.js";
import { MemoryReportCache, VerifiedReport } from "./report-cache.js";

interface FileShape {
  version: 1;
  cursors: Record<string, number>;
  reports: Array<Omit<VerifiedReport, "bytes"> & { base64: string }>;
}

export class JsonFileReportCache extends MemoryReportCache {
  private batching = false;
  private dirty = false;

  constructor(private readonly file: string) {
    super();
    if (!existsSync(file)) return;
    let data: FileShape;
    try {
      data = JSON.parse(readFileSync(file, "utf8")) as FileShape;
      if (data.version !== 1 || typeof data.cursors !== "object" || !Array.isArray(data.reports)) throw new Error("unexpected layout");
      for (const [server, n] of Object.entries(data.cursors)) this.cursors.set(server, n);
      for (const r of data.reports) {
        const { base64, ...rest } = r;
        this.reports.set(r.bodyKey, { ...rest, bytes: fromBase64(base64, `cached report ${r.bodyKey.slice(0, 16)}`) });
      }
    } catch (error) {
      throw new Error(`report cache ${file} is unreadable (${(error as Error).message}); move it aside to start over`);
    }
  }

  override setCursor(server: string, lastEndedInterval: number): void {
    super.setCursor(server, lastEndedInterval);
    this.save();
  }

  override addVerified(report: VerifiedReport): boolean {
    const added = super.addVerified(report);
    if (added) this.save();
    return added;
  }

  batch<T>(work: () => T): T {
    if (this.batching) return work();
    this.batching = true;
    try {
      return work();
    } finally {
      this.batching = false;
      if (this.dirty) this.save();
    }
  }

  private save(): void {
    if (this.batching) {
      this.dirty = true;
      return;
    }
    this.dirty = false;
    const data: FileShape = {
      version: 1,
      cursors: Object.fromEntries(this.cursors),
      reports: [...this.reports.values()].map(({ bytes, ...rest }) => ({ ...rest, base64: toBase64(bytes) })),
    };
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = `${this.file}.tmp`;
    const fd = openSync(temp, "w");
    try {
      writeSync(fd, JSON.stringify(data));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, this.file);
  }
}
