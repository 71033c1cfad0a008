import { describe, expect, it } from "vitest";
import { SimScheduler } from "../../firmware/platform/sim/scheduler.js";
import type { Advert, RadioMedium } from "../../host/sim/medium.js";
import { DEFAULT_RADIO } from "../../host/sim/radio-model.js";
import type { Position, PositionSource } from "../../host/sim/movement.js";
import { attackerAir, ReplayAttacker } from "../../host/sim/replay-attacker.js";

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Service data under 0xC019 carrying a 16-byte TCN whose bytes are all `n`. */
function advertOf(n: number): Advert {
  return { address: `c0:00:00:00:00:${n.toString(16).padStart(2, "0")}`, adData: Uint8Array.of(19, 0x16, 0x19, 0xc0, ...new Array(16).fill(n)), intervalMs: 1000 };
}

/** Two people: the target (0) on site from 06:00 to 14:00, the other (1) always, both at the origin's zone 1. */
function twoPeople(): PositionSource {
  return {
    count: 2,
    positionAt: (id: number, t: number, out: Position) => {
      if (id === 0 && (t < 6 * HOUR || t >= 14 * HOUR)) return false;
      out.x = id;
      out.y = 0;
      out.zone = 1;
      return true;
    },
    exponentOf: () => 2,
  };
}

/** Runs a day with the target's TCN changing every 15 minutes; returns what the player broadcast, when. */
function runDay(delayMs: number): { played: Array<{ t: number; advert: Advert | null }>; attacker: ReplayAttacker } {
  const scheduler = new SimScheduler(0);
  const attacker = new ReplayAttacker({ target: 0, delayMs, playerAt: { x: 40, y: 3, zone: 2 }, playerRadioId: 2 });
  const played: Array<{ t: number; advert: Advert | null }> = [];
  attacker.start(scheduler, { setAdvertising: (id, advert) => { expect(id).toBe(2); played.push({ t: scheduler.now(), advert }); } }, twoPeople(), 0);
  for (let slot = 0; slot < 96; slot++) {
    scheduler.at(slot * 15 * MIN, () => {
      attacker.onAdvertise(0, advertOf(slot));
      attacker.onAdvertise(1, advertOf(200)); // someone else's: never recorded
    });
  }
  scheduler.runUntil(24 * HOUR - 1);
  return { played, attacker };
}

describe("replay attacker", () => {
  it("plays back, the delay later, what the target broadcast while on site and nothing of its time away", () => {
    const { played, attacker } = runDay(3 * HOUR);
    expect(played[0]).toEqual({ t: 9 * HOUR, advert: advertOf(24) }); // slot 24 (06:00) heard at 06:00, played at 09:00
    expect(played.at(-1)).toEqual({ t: 17 * HOUR, advert: null }); // the target left at 14:00: silence from 17:00
    const tcns = played.filter((p) => p.advert !== null).map((p) => p.advert!.adData[4]);
    expect(tcns).toEqual(Array.from({ length: 32 }, (_, k) => 24 + k)); // slots 24..55, in order, each once
    expect(played.every((p) => p.t >= 9 * HOUR && p.t <= 17 * HOUR)).toBe(true);
    expect(attacker.stats).toEqual({ stepsRecorded: 8 * 60, stepsPlayed: 8 * 60, tcnsReplayed: 32 });
  });

  it("with no delay relays live: the player broadcasts each TCN in the slot it belongs to", () => {
    const { played } = runDay(0);
    for (const p of played.filter((x) => x.advert !== null)) expect(Math.floor(p.t / (15 * MIN))).toBe(p.advert!.adData[4]);
  });

  it("adds the player to the medium's positions and leaves the people's as they were", () => {
    const people = twoPeople();
    const attacker = new ReplayAttacker({ target: 0, delayMs: HOUR, playerAt: { x: 40, y: 3, zone: 2 }, playerRadioId: 2 });
    const air = attacker.positionsWith(people);
    const at: Position = { x: 0, y: 0, zone: 0 };
    expect(air.count).toBe(3);
    expect(air.positionAt(2, 3 * HOUR, at)).toBe(true);
    expect(at).toEqual({ x: 40, y: 3, zone: 2 });
    expect(air.positionAt(0, 3 * HOUR, at)).toBe(false); // the target is home at 03:00
    expect(air.positionAt(1, 3 * HOUR, at)).toBe(true);
    expect(at).toEqual({ x: 1, y: 0, zone: 1 });
  });

  it("refuses a player radio id a person has, and a delay that is not a whole number of steps", () => {
    const people = twoPeople();
    expect(() => new ReplayAttacker({ target: 0, delayMs: HOUR, playerAt: { x: 0, y: 0, zone: 0 }, playerRadioId: 1 }).positionsWith(people)).toThrow(/player radio id 1 is a person's.*use 2/);
    expect(() => new ReplayAttacker({ target: 0, delayMs: 90_000, playerAt: { x: 0, y: 0, zone: 0 }, playerRadioId: 2 })).toThrow(/delay 90000 ms must be a whole number of steps of 60000 ms/);
  });

  it("on a site, leaves the badges' adverts to the site's medium alone and makes every scan listen to the player's medium too", () => {
    const calls: string[] = [];
    const siteMedium = {
      radio: DEFAULT_RADIO,
      setAdvertising: (id: number, advert: Advert | null) => calls.push(`advertise ${id} ${advert === null ? "stop" : advert.adData[4]}`),
      setScanning: (id: number, scan: unknown) => calls.push(`scan ${id} ${scan === null ? "stop" : "start"}`),
    } as unknown as RadioMedium;
    const scheduler = new SimScheduler(6 * HOUR);
    const attacker = new ReplayAttacker({ target: 0, delayMs: 0, playerAt: { x: 1, y: 0, zone: 1 }, playerRadioId: 2 });
    const { air, playerMedium } = attackerAir(attacker, siteMedium, scheduler, twoPeople(), 7);
    air.setAdvertising(0, advertOf(24));
    air.setAdvertising(1, advertOf(200));
    const heard: number[] = [];
    air.setScanning(1, { parameters: { windowMs: 4000, intervalMs: 60_000 }, onSighting: (s) => heard.push(s.adData[4]) });
    attacker.start(scheduler, playerMedium, twoPeople(), 6 * HOUR);
    scheduler.runUntil(6 * HOUR + 4000);
    expect(calls).toEqual(["advertise 0 24", "advertise 1 200", "scan 1 start"]);
    // Badge 1 stands a metre from the player, which relays badge 0's advert live: it hears it on the player's medium.
    expect(heard.length).toBeGreaterThan(0);
    expect(new Set(heard)).toEqual(new Set([24]));
  });
});
