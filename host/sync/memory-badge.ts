// A badge in memory for simulations, benchmarks and tests: a BadgeSyncBackend over an in-memory
// log plus the ports the sync server needs. It holds a rak and signs reports with it, so tests
// can check that the rak never crosses the link. The real app lives in firmware/app.
import { randomBytes } from "node:crypto";
import type { BadgeSyncBackend, ClockSetResult, ExposureNotice, LogEntry, LogStatus, ReportRequest } from "../../firmware/sync/sync-backend.js";
import type { ButtonPort, ButtonPress } from "../../firmware/ports/button.js";
import type { EntropyPort } from "../../firmware/ports/entropy.js";
import type { SettingsPort } from "../../firmware/ports/settings.js";
import { createReport } from "../../firmware/core/report.js";

export class MemorySettings implements SettingsPort {
  private readonly values = new Map<string, Uint8Array>();
  get(domain: string, key: string): Uint8Array | undefined {
    const v = this.values.get(`${domain}/${key}`);
    return v ? v.slice() : undefined;
  }
  set(domain: string, key: string, value: Uint8Array): void {
    this.values.set(`${domain}/${key}`, value.slice());
  }
  delete(domain: string, key: string): void {
    this.values.delete(`${domain}/${key}`);
  }
  keys(domain: string): string[] {
    return [...this.values.keys()].filter((k) => k.startsWith(`${domain}/`)).map((k) => k.slice(domain.length + 1));
  }
}

export class MemoryButton implements ButtonPort {
  private readonly handlers: ((press: ButtonPress) => void)[] = [];
  onPress(handler: (press: ButtonPress) => void): void {
    this.handlers.push(handler);
  }
  press(press: ButtonPress): void {
    for (const handler of this.handlers) handler(press);
  }
}

export const systemEntropy: EntropyPort = { randomBytes: (n) => new Uint8Array(randomBytes(n)) };

export interface MemoryBadgeOptions {
  readonly badgeId: string;
  readonly records?: readonly Uint8Array[];
  readonly rak?: Uint8Array;
  readonly capacityBytes?: number;
  /** Answer report requests as if the wearer pressed the button (default true). */
  readonly confirmReports?: boolean;
}

export class MemoryBackend implements BadgeSyncBackend {
  readonly log: LogEntry[] = [];
  ackedSeq = -1;
  private nextSeq = 0;
  wallOffsetMs: number | null = null;
  bootCount = 1;
  uptimeMs = 0;
  readonly notices: ExposureNotice[] = [];
  readonly configurations: Record<string, number | string | boolean>[] = [];
  rak: Uint8Array;
  confirmReports: boolean;

  constructor(private readonly options: MemoryBadgeOptions) {
    this.rak = options.rak ?? new Uint8Array(randomBytes(32));
    this.confirmReports = options.confirmReports ?? true;
    for (const payload of options.records ?? []) this.append(payload);
  }

  append(payload: Uint8Array): number {
    const seq = this.nextSeq++;
    this.log.push({ seq, payload: payload.slice() });
    return seq;
  }

  badgeId(): string {
    return this.options.badgeId;
  }
  firmwareVersion(): string {
    return "memory-0";
  }
  logStatus(): LogStatus {
    const used = this.log.filter((e) => e.seq > this.ackedSeq).reduce((n, e) => n + e.payload.length, 0);
    return {
      firstSeq: this.log.length > 0 ? this.log[0].seq : this.nextSeq,
      nextSeq: this.nextSeq,
      ackedSeq: Math.max(this.ackedSeq, 0),
      usedBytes: used,
      capacityBytes: this.options.capacityBytes ?? 1 << 20,
      droppedRecords: 0,
    };
  }
  readLog(fromSeq: number, maxBytes: number): LogEntry[] {
    const out: LogEntry[] = [];
    let bytes = 0;
    for (const entry of this.log) {
      if (entry.seq < fromSeq) continue;
      if (out.length > 0 && bytes + entry.payload.length > maxBytes) break;
      out.push(entry);
      bytes += entry.payload.length;
    }
    return out;
  }
  acknowledgeLog(upToSeq: number): void {
    if (upToSeq >= this.nextSeq) throw new Error(`acknowledged seq ${upToSeq} was never logged (next is ${this.nextSeq})`);
    this.ackedSeq = Math.max(this.ackedSeq, upToSeq);
  }
  setClock(unixMs: number): ClockSetResult {
    const previous = this.wallOffsetMs === null ? null : this.uptimeMs + this.wallOffsetMs;
    this.wallOffsetMs = unixMs - this.uptimeMs;
    return { previousWallMs: previous, bootCount: this.bootCount, uptimeMs: this.uptimeMs };
  }
  notifyExposure(notice: ExposureNotice): void {
    this.notices.push(notice);
  }
  requestReports(request: ReportRequest): Promise<Uint8Array[]> {
    if (!this.confirmReports) return Promise.reject(new Error("the wearer declined"));
    return Promise.resolve([createReport(this.rak, 1, Math.min(0xffff, request.days * 96), request.memoType, request.memo).bytes]);
  }
  configure(settings: Readonly<Record<string, number | string | boolean>>): void {
    for (const [key, value] of Object.entries(settings)) {
      if (key === "invalid") throw new Error(`setting "${key}" is not known to this badge (value ${String(value)})`);
    }
    this.configurations.push({ ...settings });
  }
  forgetWearer(): void {
    this.log.length = 0;
    this.ackedSeq = this.nextSeq - 1;
    this.notices.length = 0;
    this.rak = new Uint8Array(randomBytes(32));
  }
}

export interface MemoryBadge {
  readonly backend: MemoryBackend;
  readonly settings: MemorySettings;
  readonly button: MemoryButton;
  readonly entropy: EntropyPort;
}

export function createMemoryBadge(options: MemoryBadgeOptions): MemoryBadge {
  return { backend: new MemoryBackend(options), settings: new MemorySettings(), button: new MemoryButton(), entropy: systemEntropy };
}
