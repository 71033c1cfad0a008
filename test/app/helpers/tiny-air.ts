// The simplest radio medium: every advert reaches every scanner (but its own), one packet per
// advert interval of the scan window, at an RSSI the test chooses. Sightings arrive in one
// scheduled event just before the scan window ends, as the real medium does.
import type { ScanParameters, Sighting } from "../../../firmware/ports/index.js";
import type { AirInterface } from "../../../firmware/platform/sim/air.js";
import type { SimScheduler } from "../../../firmware/platform/sim/scheduler.js";

interface Advert {
  address: string;
  adData: Uint8Array;
  intervalMs: number;
}

export class TinyAir implements AirInterface {
  readonly adverts = new Map<number, Advert>();
  private readonly scans = new Map<number, { token: number; parameters: ScanParameters; onSighting: (s: Sighting) => void }>();
  private token = 0;
  sent = 0;
  heard = 0;

  constructor(
    private readonly scheduler: SimScheduler,
    private readonly rssiOf: (from: number, to: number, packet: number) => number = () => -60,
  ) {}

  setAdvertising(radioId: number, advert: Advert | null): void {
    if (advert === null) this.adverts.delete(radioId);
    else this.adverts.set(radioId, { ...advert, adData: advert.adData.slice() });
  }

  setScanning(radioId: number, scan: { parameters: ScanParameters; onSighting: (s: Sighting) => void } | null): void {
    if (scan === null) {
      this.scans.delete(radioId);
      return;
    }
    const token = ++this.token;
    this.scans.set(radioId, { token, ...scan });
    this.scheduler.after(Math.max(0, scan.parameters.windowMs - 1), () => {
      const current = this.scans.get(radioId);
      if (current === undefined || current.token !== token) return;
      this.adverts.forEach((advert, from) => {
        if (from === radioId) return;
        const packets = Math.floor(scan.parameters.windowMs / advert.intervalMs);
        this.sent += packets;
        for (let p = 0; p < packets; p++) {
          this.heard++;
          current.onSighting({ address: advert.address, rssi: this.rssiOf(from, radioId, p), adData: advert.adData });
        }
      });
    });
  }
}
