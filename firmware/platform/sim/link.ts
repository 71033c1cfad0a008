// A pair of in-memory byte pipes standing for the USB/BLE link: what one end sends the other
// receives, delivered as a scheduler event when a scheduler is given (else at once).
import type { LinkPort } from "../../ports/index.js";
import type { SimScheduler } from "./scheduler.js";

export class SimLinkEnd implements LinkPort {
  private receivers: Array<(bytes: Uint8Array) => void> = [];
  private closers: Array<() => void> = [];
  peer: SimLinkEnd | null = null;
  closed = false;
  bytesSent = 0;

  constructor(private readonly scheduler?: SimScheduler) {}

  onReceive(handler: (bytes: Uint8Array) => void): void {
    this.receivers.push(handler);
  }

  onClose(handler: () => void): void {
    this.closers.push(handler);
  }

  send(bytes: Uint8Array): void {
    if (this.closed) throw new Error("link is closed: cannot send; reconnect and start a new session");
    const peer = this.peer;
    if (peer === null) return;
    const copy = bytes.slice();
    this.bytesSent += copy.length;
    const deliver = () => {
      if (!peer.closed) for (const handler of peer.receivers) handler(copy);
    };
    if (this.scheduler !== undefined) this.scheduler.after(0, deliver);
    else deliver();
  }

  /** Close both ends; each side's onClose handlers run once. */
  close(): void {
    const ends: SimLinkEnd[] = this.peer === null ? [this] : [this, this.peer];
    for (const end of ends) {
      if (end.closed) continue;
      end.closed = true;
      for (const handler of end.closers) handler();
    }
  }
}

export function createSimLinkPair(scheduler?: SimScheduler): { badge: SimLinkEnd; host: SimLinkEnd } {
  const badge = new SimLinkEnd(scheduler);
  const host = new SimLinkEnd(scheduler);
  badge.peer = host;
  host.peer = badge;
  return { badge, host };
}
