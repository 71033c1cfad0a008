// The site medium with TCN connections (docs/connection-mode.md): implements the sim radio
// adapter's ConnectionAirInterface, so the real badge app's central and peripheral roles run over
// the simulated site. An exchange is drawn by connection-model.ts at the pair's encounter RSSI;
// the peripheral must still be connectable and admit the central when the link is up.
import type { TcnExchangeResult } from "../../firmware/ports/radio.js";
import type { ConnectionAirInterface, SimTcnService } from "../../firmware/platform/sim/air.js";
import type { SimScheduler } from "../../firmware/platform/sim/scheduler.js";
import { DEFAULT_CONNECTION, drawConnection, type ConnectionParameters } from "./connection-model.js";
import { RadioMedium, type MediumOptions } from "./medium.js";
import type { PositionSource } from "./movement.js";
import { Rng } from "./random.js";

export interface ConnectionCounts {
  /** Exchanges a central started. */
  attempts: number;
  /** Exchanges that completed (link up, admitted, written and read). */
  completed: number;
  /** Connect events per radio, either role, completed or not: the energy model's input. */
  readonly perRadio: Map<number, number>;
}

export class ConnectionMedium extends RadioMedium implements ConnectionAirInterface {
  private readonly services = new Map<number, SimTcnService>();
  private readonly connectionRng: Rng;
  readonly connection: ConnectionParameters;
  readonly connectionCounts: ConnectionCounts = { attempts: 0, completed: 0, perRadio: new Map() };

  constructor(
    private readonly sched: SimScheduler,
    positions: PositionSource,
    options: MediumOptions & { readonly connection?: Partial<ConnectionParameters> },
  ) {
    super(sched, positions, options);
    this.connection = { ...DEFAULT_CONNECTION, ...(options.connection ?? {}) };
    this.connectionRng = new Rng(options.seed, 0xc0c);
  }

  setTcnService(radioId: number, service: SimTcnService | null): void {
    if (service === null) this.services.delete(radioId);
    else this.services.set(radioId, service);
  }

  exchangeTcn(radioId: number, address: string, ours: Uint8Array, timeoutMs: number, done: (result: TcnExchangeResult | null) => void): void {
    this.connectionCounts.attempts++;
    this.count(radioId);
    const peer = this.radioAdvertising(address);
    const rssi = peer === null || peer === radioId ? null : this.pairRssi(radioId, peer);
    if (peer === null || rssi === null || this.services.get(peer)?.connectable !== true) {
      this.sched.after(timeoutMs, () => done(null));
      return;
    }
    this.count(peer);
    const outcome = drawConnection(this.radio, this.connection, rssi, this.connectionRng);
    if (!outcome.ok || outcome.latencyMs > timeoutMs) {
      this.sched.after(Math.min(outcome.latencyMs, timeoutMs), () => done(null));
      return;
    }
    const central = this.advertisedAddress(radioId);
    this.sched.after(outcome.latencyMs, () => {
      const service = this.services.get(peer);
      if (service === undefined || !service.connectable || !service.handlers.admit(central)) {
        done(null);
        return;
      }
      service.handlers.written(ours.slice(), outcome.rssi);
      const tcn = service.handlers.read();
      this.connectionCounts.completed++;
      done({ tcn: tcn.length === 16 ? tcn.slice() : null, wrote: true });
    });
  }

  private count(radioId: number): void {
    this.connectionCounts.perRadio.set(radioId, (this.connectionCounts.perRadio.get(radioId) ?? 0) + 1);
  }

  private advertisedAddress(radioId: number): string {
    return this.advertOf(radioId)?.address ?? "000000000000";
  }
}
