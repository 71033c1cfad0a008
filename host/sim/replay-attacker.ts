// A replaying attacker on the simulated site (issue 15): a recorder that stays beside one worker and
// keeps whatever that worker's badge broadcasts, and a player hidden elsewhere on the site that
// broadcasts each recorded advert again `delayMs` later (0: a live relay). Badges near the player
// hear the worker's real TCNs where and when the worker never was. The attacker is no person: only
// the radio sees its player, never the ground truth of who was near whom.
//
// On a site the player broadcasts on a medium of its own that the badges scan as well
// (attackerAir): its randomness is its own, so the site's medium draws exactly what it would
// without the attacker, and a run with the attacker differs from one without only by what the
// player adds. The price: the player's packets and the badges' never collide.
import type { AirInterface } from "../../firmware/platform/sim/air.js";
import type { SimScheduler } from "../../firmware/platform/sim/scheduler.js";
import { toHex } from "../../firmware/core/index.js";
import { tcnFromAdData } from "./advert.js";
import { RadioMedium, type Advert } from "./medium.js";
import type { Position, PositionSource } from "./movement.js";

export interface ReplayAttackerOptions {
  /** Radio id of the worker whose broadcasts are recorded. */
  readonly target: number;
  /** From recording an advert to playing it back (ms); 0 relays it live. */
  readonly delayMs: number;
  /** Where the player stands, with the index of its zone on the site plan. */
  readonly playerAt: Position;
  /** The player's radio id: one no badge has (the site uses the first after its people). */
  readonly playerRadioId: number;
  /** How often the recorder samples and the player catches up (ms); default 60 s. */
  readonly stepMs?: number;
}

export interface ReplayAttackerStats {
  /** Steps at which the recorder was beside the target (on site) and kept its advert. */
  stepsRecorded: number;
  /** Steps at which the player was broadcasting a recorded advert. */
  stepsPlayed: number;
  /** Distinct TCNs the player broadcast. */
  tcnsReplayed: number;
}

/** Where the player broadcasts: the only medium call the attacker needs. */
export interface PlayerAir {
  setAdvertising(radioId: number, advert: Advert | null): void;
}

export class ReplayAttacker {
  readonly stats: ReplayAttackerStats = { stepsRecorded: 0, stepsPlayed: 0, tcnsReplayed: 0 };
  private readonly stepMs: number;
  private targetAdvert: Advert | null = null;
  /** Step time → the target's advert recorded then, until it is played. */
  private readonly recorded = new Map<number, Advert>();
  private playing: Advert | null = null;
  private readonly replayedTcns = new Set<string>();

  constructor(readonly options: ReplayAttackerOptions) {
    if (!(options.delayMs >= 0)) throw new RangeError(`replay attacker: delay must be ≥ 0 ms, got ${options.delayMs}`);
    this.stepMs = options.stepMs ?? 60_000;
    if (!(this.stepMs > 0) || options.delayMs % this.stepMs !== 0) {
      throw new RangeError(`replay attacker: delay ${options.delayMs} ms must be a whole number of steps of ${this.stepMs} ms`);
    }
  }

  /** The positions the radio medium uses: the people's, and the player at its place. */
  positionsWith(people: PositionSource): PositionSource {
    const id = this.options.playerRadioId;
    if (id < people.count) throw new RangeError(`replay attacker: player radio id ${id} is a person's (the site has ${people.count}); use ${people.count}`);
    const at = this.options.playerAt;
    return {
      count: id + 1,
      positionAt: (radioId, t, out) => {
        if (radioId !== id) return radioId < people.count && people.positionAt(radioId, t, out);
        out.x = at.x;
        out.y = at.y;
        out.zone = at.zone;
        return true;
      },
      exponentOf: (zone) => people.exponentOf(zone),
    };
  }

  /** Feed it every advert the medium carries: it keeps the target's latest. */
  onAdvertise(radioId: number, advert: Advert): void {
    if (radioId === this.options.target) this.targetAdvert = advert;
  }

  /** Record and play on the site's clock from `fromMs` on; `people` says when the target is on site. */
  start(scheduler: SimScheduler, air: PlayerAir, people: PositionSource, fromMs: number): void {
    const here: Position = { x: 0, y: 0, zone: 0 };
    const step = (t: number) => {
      if (this.targetAdvert !== null && people.positionAt(this.options.target, t, here)) {
        this.recorded.set(t, this.targetAdvert);
        this.stats.stepsRecorded++;
      }
      const replay = this.recorded.get(t - this.options.delayMs) ?? null;
      this.recorded.delete(t - this.options.delayMs);
      if (replay !== this.playing) {
        air.setAdvertising(this.options.playerRadioId, replay);
        this.playing = replay;
        const tcn = replay === null ? null : tcnFromAdData(replay.adData);
        if (tcn !== null) this.replayedTcns.add(toHex(tcn));
        this.stats.tcnsReplayed = this.replayedTcns.size;
      }
      if (replay !== null) this.stats.stepsPlayed++;
      scheduler.at(t + this.stepMs, () => step(t + this.stepMs));
    };
    scheduler.at(fromMs, () => step(fromMs));
  }
}

/**
 * The badges' air on a site with this attacker: everything goes to the site's medium as before,
 * the recorder hears the target's adverts, and every scan also listens to the player's medium.
 */
export function attackerAir(attacker: ReplayAttacker, medium: RadioMedium, scheduler: SimScheduler, people: PositionSource, seed: number): { air: AirInterface; playerMedium: RadioMedium } {
  const playerMedium = new RadioMedium(scheduler, attacker.positionsWith(people), { seed, radio: medium.radio });
  const air: AirInterface = {
    setAdvertising: (radioId, advert) => {
      medium.setAdvertising(radioId, advert);
      if (advert !== null) attacker.onAdvertise(radioId, advert);
    },
    setScanning: (radioId, scan) => {
      medium.setScanning(radioId, scan);
      playerMedium.setScanning(radioId, scan);
    },
  };
  return { air, playerMedium };
}
