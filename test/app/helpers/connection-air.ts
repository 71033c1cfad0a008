// TinyAir plus connections: a central's exchange reaches the radio advertising that address if
// its TCN service is connectable, asks it to admit the central, writes, reads, and answers after
// `exchangeMs`. A "phone" here is a test-driven stand-in: an advert without service data and a
// TCN service, as an iPhone app in the background presents itself.
import type { TcnExchangeResult } from "../../../firmware/ports/radio.js";
import type { ConnectionAirInterface, SimTcnService } from "../../../firmware/platform/sim/air.js";
import type { SimScheduler } from "../../../firmware/platform/sim/scheduler.js";
import { TinyAir } from "./tiny-air.js";

export class ConnectionAir extends TinyAir implements ConnectionAirInterface {
  readonly services = new Map<number, SimTcnService>();
  exchanges = 0;
  /** Every connectable/closed change, per radio, in time order. */
  readonly serviceLog: Array<{ radioId: number; atMs: number; connectable: boolean | null }> = [];

  constructor(
    private readonly sched: SimScheduler,
    rssiOf: (from: number, to: number, packet: number) => number = () => -60,
    private readonly exchangeMs = 300,
  ) {
    super(sched, rssiOf);
  }

  setTcnService(radioId: number, service: SimTcnService | null): void {
    if (service === null) this.services.delete(radioId);
    else this.services.set(radioId, service);
    this.serviceLog.push({ radioId, atMs: this.sched.now(), connectable: service === null ? null : service.connectable });
  }

  /** The radio now advertising `address`, if any. */
  radioAt(address: string): number | null {
    for (const [id, advert] of this.adverts) if (advert.address === address) return id;
    return null;
  }

  exchangeTcn(radioId: number, address: string, ours: Uint8Array, _timeoutMs: number, done: (result: TcnExchangeResult | null) => void): void {
    this.exchanges++;
    const central = this.adverts.get(radioId)?.address ?? "000000000000";
    this.sched.after(this.exchangeMs, () => {
      const peer = this.radioAt(address);
      const service = peer === null ? undefined : this.services.get(peer);
      if (peer === null || service === undefined || !service.connectable || !service.handlers.admit(central)) {
        done(null);
        return;
      }
      service.handlers.written(ours, -60);
      const tcn = service.handlers.read();
      done({ tcn: tcn.length === 16 ? tcn.slice() : null, wrote: true });
    });
  }
}
