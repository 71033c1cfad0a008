// What the sync client needs of a link to one badge: a byte pipe that can close. Serial, BLE and
// the simulated link all implement it; bytes may arrive split or joined (framing copes).
export interface Transport {
  /** For messages: "serial /dev/ttyUSB0", "ble c0:19:…", "simulated". */
  readonly name: string;
  send(bytes: Uint8Array): void;
  onData(handler: (bytes: Uint8Array) => void): void;
  /** Called once when the link goes away, whoever closed it. */
  onClose(handler: () => void): void;
  close(): void;
}

/** Time source and timers: real ones for links, a virtual clock for simulation and tests. */
export interface Timers {
  now(): number;
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
