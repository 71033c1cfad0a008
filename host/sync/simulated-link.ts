// An in-process link between the host client and a badge's sync server, with a timing model
// (serial baud rate, BLE packets) and fault injection: cut, corrupt, duplicate, reorder, delay,
// split delivery. Each send() of either side is one frame; faults name frames by their index in
// one direction, counted from 0 over the life of the link.
import type { LinkPort } from "../../firmware/ports/link.js";
import type { Timers, Transport } from "./transport.js";

export type LinkDirection = "toBadge" | "toHost";

export interface LinkModel {
  readonly name: string;
  /** Raw capacity of the medium in bytes per second. */
  readonly bytesPerSecond: number;
  /** One-way latency added to every delivery (USB frame, BLE connection interval). */
  readonly latencyMs: number;
  /** Bytes per link packet (BLE: ATT MTU − 3) and the air time of each packet's overhead, in bytes. */
  readonly packetBytes?: number;
  readonly packetOverheadBytes?: number;
}

/** 921600 baud, 8N1: 10 bits a byte. */
export const SERIAL_921600: LinkModel = { name: "serial 921600 baud", bytesPerSecond: 92160, latencyMs: 1 };
/**
 * BLE 2M PHY (250 kB/s raw), ATT MTU 247: 244-byte notifications; each packet also spends
 * 18 bytes of LL/L2CAP/ATT header and ~344 µs of inter-frame space and empty ack (86 byte-times);
 * 15 ms connection interval, so half of it on average before a packet goes out.
 */
export const BLE_2M_MTU247: LinkModel = { name: "BLE 2M PHY, MTU 247", bytesPerSecond: 250000, latencyMs: 7.5, packetBytes: 244, packetOverheadBytes: 104 };
export const INSTANT: LinkModel = { name: "instant", bytesPerSecond: Infinity, latencyMs: 0 };

export interface FrameFault {
  readonly direction: LinkDirection;
  readonly frame: number;
}

export interface LinkFaults {
  /** The link breaks during this frame: `keepBytes` of it arrive (default 0), then both ends close. */
  readonly cut?: FrameFault & { readonly keepBytes?: number };
  /** Flip bit `bit` of byte `byte` (modulo the frame length) of this frame. */
  readonly corrupt?: FrameFault & { readonly byte: number; readonly bit?: number };
  readonly duplicate?: FrameFault;
  /** This frame is held back and delivered right after the next one in the same direction. */
  readonly reorder?: FrameFault;
  /** Extra delay for this frame. */
  readonly delay?: FrameFault & { readonly ms: number };
  /** Deliver every frame in pieces of at most this many bytes (split streams). */
  readonly splitBytes?: number;
}

export interface LinkStats {
  frames: Record<LinkDirection, number>;
  bytes: Record<LinkDirection, number>;
  /** Every frame as sent, per direction (for tests that scan or replay them). */
  readonly recorded: Record<LinkDirection, Uint8Array[]>;
}

export interface SimulatedLink {
  readonly host: Transport;
  readonly badge: LinkPort;
  readonly stats: LinkStats;
  /** Break the link now (both ends see it close). */
  cut(): void;
  readonly closed: () => boolean;
}

export interface SimulatedLinkOptions {
  readonly timers: Timers;
  readonly model?: LinkModel;
  readonly faults?: LinkFaults;
  /** Keep a copy of every frame (memory grows with the sync). */
  readonly record?: boolean;
}

function airTime(model: LinkModel, bytes: number): number {
  if (!isFinite(model.bytesPerSecond)) return 0;
  const packets = model.packetBytes ? Math.ceil(bytes / model.packetBytes) : 0;
  return ((bytes + packets * (model.packetOverheadBytes ?? 0)) / model.bytesPerSecond) * 1000;
}

export function createSimulatedLink(options: SimulatedLinkOptions): SimulatedLink {
  const { timers } = options;
  const model = options.model ?? INSTANT;
  const faults = options.faults ?? {};
  const stats: LinkStats = { frames: { toBadge: 0, toHost: 0 }, bytes: { toBadge: 0, toHost: 0 }, recorded: { toBadge: [], toHost: [] } };
  const receivers: Record<LinkDirection, ((bytes: Uint8Array) => void)[]> = { toBadge: [], toHost: [] };
  const closeHandlers: (() => void)[] = [];
  const busyUntil: Record<LinkDirection, number> = { toBadge: 0, toHost: 0 };
  const heldBack: Record<LinkDirection, Uint8Array | null> = { toBadge: null, toHost: null };
  let closed = false;

  function close(): void {
    if (closed) return;
    closed = true;
    for (const handler of closeHandlers.splice(0)) handler();
  }

  function hand(direction: LinkDirection, bytes: Uint8Array): void {
    if (closed) return;
    const piece = faults.splitBytes ?? bytes.length;
    for (let at = 0; at < bytes.length && !closed; at += Math.max(1, piece)) {
      const chunk = bytes.slice(at, at + Math.max(1, piece));
      for (const receive of receivers[direction]) receive(chunk);
    }
  }

  function matches(fault: FrameFault | undefined, direction: LinkDirection, index: number): boolean {
    return fault !== undefined && fault.direction === direction && fault.frame === index;
  }

  function send(direction: LinkDirection, data: Uint8Array): void {
    if (closed) return;
    const index = stats.frames[direction]++;
    stats.bytes[direction] += data.length;
    if (options.record) stats.recorded[direction].push(data.slice());
    let bytes = data.slice();
    const start = Math.max(timers.now(), busyUntil[direction]);
    busyUntil[direction] = start + airTime(model, bytes.length);
    let at = busyUntil[direction] + model.latencyMs - timers.now();
    if (matches(faults.delay, direction, index)) at += faults.delay!.ms;

    if (matches(faults.cut, direction, index)) {
      const kept = bytes.slice(0, faults.cut!.keepBytes ?? 0);
      timers.setTimeout(() => {
        if (kept.length > 0) hand(direction, kept);
        close();
      }, at);
      return;
    }
    if (matches(faults.corrupt, direction, index)) {
      const i = faults.corrupt!.byte % bytes.length;
      bytes[i] ^= 1 << ((faults.corrupt!.bit ?? 0) & 7);
    }
    if (matches(faults.reorder, direction, index)) {
      heldBack[direction] = bytes;
      return;
    }
    const held = heldBack[direction];
    heldBack[direction] = null;
    const duplicate = matches(faults.duplicate, direction, index);
    timers.setTimeout(() => {
      hand(direction, bytes);
      if (duplicate) hand(direction, bytes);
      if (held) hand(direction, held);
    }, at);
  }

  const host: Transport = {
    name: `simulated (${model.name})`,
    send: (bytes) => send("toBadge", bytes),
    onData: (handler) => {
      receivers.toHost.push(handler);
    },
    onClose: (handler) => {
      if (closed) handler();
      else closeHandlers.push(handler);
    },
    close,
  };
  const badge: LinkPort = {
    send: (bytes) => send("toHost", bytes),
    onReceive: (handler) => {
      receivers.toBadge.push(handler);
    },
    onClose: (handler) => {
      if (closed) handler();
      else closeHandlers.push(handler);
    },
  };
  return { host, badge, stats, cut: close, closed: () => closed };
}
