import { describe, expect, it } from "vitest";
import { SimScheduler } from "../../firmware/platform/sim/scheduler.js";
import type { Sighting } from "../../firmware/ports/index.js";
import { RadioMedium } from "../../host/sim/medium.js";
import { collisionSurvival, DEFAULT_RADIO, meanRssi, receptionProbability, receptionProbabilityWithJitter, type RadioParameters } from "../../host/sim/radio-model.js";
import { standing } from "./scenario.js";

const AD = new Uint8Array([2, 1, 4]);

/** Scanner 0 at the origin, advertisers elsewhere; `windows` scan windows, one per minute. */
function listen(points: Array<[number, number]>, radio: Partial<RadioParameters>, windows: number, opts: { windowMs?: number; intervalMs?: number; seed?: number } = {}) {
  const scheduler = new SimScheduler(0);
  const medium = new RadioMedium(scheduler, standing(points), { seed: opts.seed ?? 7, radio });
  const perAdvertiser = points.map(() => [] as number[]);
  for (let id = 1; id < points.length; id++) medium.setAdvertising(id, { address: `a${id}`, adData: AD, intervalMs: opts.intervalMs ?? 100 });
  const windowMs = opts.windowMs ?? 4000;
  for (let w = 0; w < windows; w++) {
    scheduler.at(w * 60_000, () => {
      medium.setScanning(0, { parameters: { intervalMs: windowMs, windowMs }, onSighting: (s: Sighting) => perAdvertiser[Number(s.address.slice(1))].push(s.rssi) });
      scheduler.after(windowMs, () => medium.setScanning(0, null));
    });
  }
  scheduler.runUntil(windows * 60_000);
  return { perAdvertiser, medium };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
};

describe("radio model", () => {
  it("mean RSSI over many encounters matches RSSI@1m - 10·n·log10(d), spread matches shadowing and jitter", () => {
    // Every window a new encounter (gap 0), no body blocking: samples are formula + N(0, 6) + N(0, 3).
    const radio = { encounterGapMs: 0, bodyBlockProbability: 0 };
    for (const d of [1, 3, 6]) {
      const { perAdvertiser } = listen([[0, 0], [d, 0]], radio, 1500, { intervalMs: 1000 });
      const samples = perAdvertiser[1];
      expect(samples.length).toBeGreaterThan(4000);
      expect(mean(samples)).toBeCloseTo(meanRssi(DEFAULT_RADIO, d, 2), 0);
      // Per-window samples share one shadowing draw, so the spread is that of shadowing plus jitter.
      expect(sd(samples)).toBeGreaterThan(6.2);
      expect(sd(samples)).toBeLessThan(7.3);
    }
  });

  it("reception is a smooth curve falling through 50 % at the -94 dBm sensitivity", () => {
    expect(receptionProbability(DEFAULT_RADIO, -94)).toBeCloseTo(0.5, 3);
    expect(receptionProbability(DEFAULT_RADIO, -88)).toBeGreaterThan(0.99);
    expect(receptionProbability(DEFAULT_RADIO, -100)).toBeLessThan(0.01);
    let previous = 0;
    for (let r = -110; r <= -70; r += 0.5) {
      const p = receptionProbability(DEFAULT_RADIO, r);
      expect(p).toBeGreaterThanOrEqual(previous);
      expect(p - previous).toBeLessThan(0.11);
      previous = p;
    }
  });

  it("the medium receives about half the packets whose mean RSSI is at the floor, nearly all 20 dB above, almost none 12 dB below", () => {
    const radio = { shadowingSigmaDb: 0, bodyBlockProbability: 0, airtimeMs: 0 };
    const atFloor = 10 ** ((DEFAULT_RADIO.rssiAt1mDbm - DEFAULT_RADIO.sensitivityDbm) / 20);
    const at = (dbAboveFloor: number) => atFloor / 10 ** (dbAboveFloor / 20);
    const { perAdvertiser } = listen([[0, 0], [at(0), 0], [at(20), 0], [at(-12), 0]], radio, 300, { intervalMs: 100 });
    const tries = 300 * 40;
    expect(perAdvertiser[1].length / tries).toBeCloseTo(receptionProbabilityWithJitter({ ...DEFAULT_RADIO, ...radio }, -94), 1);
    expect(perAdvertiser[2].length / tries).toBeGreaterThan(0.99);
    expect(perAdvertiser[3].length / tries).toBeLessThan(0.01);
    // Delivered RSSIs of received packets stay plausible: never far below the floor.
    expect(Math.min(...perAdvertiser[1])).toBeGreaterThan(-104);
  });

  it("collisions cut reception as advertisers in range grow, as pure ALOHA predicts", () => {
    const radio = { shadowingSigmaDb: 0, jitterSigmaDb: 0, bodyBlockProbability: 0 };
    const share = (k: number) => {
      const points: Array<[number, number]> = [[0, 0]];
      for (let i = 0; i < k; i++) points.push([Math.cos(i) * 2, Math.sin(i) * 2]);
      const { perAdvertiser } = listen(points, radio, 100, { intervalMs: 100 });
      return perAdvertiser.slice(1).reduce((n, xs) => n + xs.length, 0) / (k * 100 * 40);
    };
    const one = share(1);
    const twenty = share(20);
    const hundred = share(100);
    expect(one).toBeGreaterThan(0.99);
    expect(twenty).toBeLessThan(one);
    expect(hundred).toBeLessThan(twenty);
    expect(hundred).toBeCloseTo(collisionSurvival(DEFAULT_RADIO, 99 / 100), 1);
  });

  it("a scanner off site hears nothing and adverts are counted whether heard or not", () => {
    const { perAdvertiser, medium } = listen([[0, 0], [1, 0]], {}, 10, { intervalMs: 100 });
    expect(perAdvertiser[1].length).toBeGreaterThan(0);
    expect(medium.advertsSent()).toBe(10 * 600);
    expect(medium.counts.advertsHeard).toBe(perAdvertiser[1].length);
  });

  it("delivers a window's sightings before the scan stops, and nothing after an early stop", () => {
    const scheduler = new SimScheduler(0);
    const medium = new RadioMedium(scheduler, standing([[0, 0], [1, 0]]), { seed: 1 });
    medium.setAdvertising(1, { address: "b", adData: AD, intervalMs: 100 });
    const times: number[] = [];
    medium.setScanning(0, { parameters: { intervalMs: 4000, windowMs: 4000 }, onSighting: () => times.push(scheduler.now()) });
    scheduler.runUntil(3999);
    medium.setScanning(0, null);
    expect(times.length).toBeGreaterThan(30);
    expect(Math.max(...times)).toBeLessThan(4000);
    medium.setScanning(0, { parameters: { intervalMs: 4000, windowMs: 4000 }, onSighting: () => times.push(-1) });
    scheduler.runUntil(5000);
    medium.setScanning(0, null);
    scheduler.runUntil(20_000);
    expect(times).not.toContain(-1);
  });
});
