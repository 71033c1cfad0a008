import { describe, expect, it } from "vitest";
import { deriveTcns } from "../../firmware/core/keys.js";
import { toHex } from "../../firmware/core/bytes.js";
import { SimScheduler } from "../../firmware/platform/sim/scheduler.js";
import { makeBadge } from "./helpers/badge.js";
import { TinyAir } from "./helpers/tiny-air.js";

const DAY = 86_400_000;
const SLOT = 15 * 60_000;
const WALL0 = Date.UTC(2026, 0, 1);

function storedRaks(badge: ReturnType<typeof makeBadge>) {
  const settings = badge.ports.controls.settings;
  return settings
    .keys("keys")
    .filter((k) => k.startsWith("rak"))
    .map((k) => ({ id: Number(k.slice(3)), bytes: settings.get("keys", k)! }));
}

describe("slot and rak schedule over simulated days", () => {
  it("changes TCN and address together every 15 min, a new rak every day, erases raks older than 14 days", () => {
    const scheduler = new SimScheduler();
    const air = new TinyAir(scheduler);
    const badge = makeBadge(scheduler, air, 1, { rtcWallAtZeroMs: WALL0, config: { scanPeriodSeconds: 600 } });
    const rakBytes = new Map<number, Uint8Array>();
    badge.app.onTcnChange((_tcn, _index, rakId) => {
      const entry = storedRaks(badge).find((r) => r.id === rakId)!;
      rakBytes.set(rakId, entry.bytes.slice(0, 32));
    });
    badge.app.start();
    scheduler.runUntil(16 * DAY);

    const changes = badge.tcns;
    expect(changes.length).toBe(16 * 96 + 1);
    changes.forEach((c, k) => {
      // At the slot boundary, or right after a scan window that was under way (at most 4 s later).
      expect(c.atMs - k * SLOT).toBeGreaterThanOrEqual(0);
      expect(c.atMs - k * SLOT).toBeLessThanOrEqual(4000);
      expect(c.index).toBe((k % 96) + 1);
      expect(c.rakId).toBe(Math.floor(k / 96) + 1);
      if (k > 0) {
        expect(c.address).not.toBe(changes[k - 1].address);
        expect(toHex(c.tcn)).not.toBe(toHex(changes[k - 1].tcn));
      }
    });
    // Each TCN is tcn_i of its rak, i counted from the rak's start.
    for (const rakId of [1, 2, 17]) {
      const ofRak = changes.filter((c) => c.rakId === rakId);
      const derived = deriveTcns(rakBytes.get(rakId)!, 1, ofRak[ofRak.length - 1].index);
      expect(ofRak.map((c) => toHex(c.tcn))).toEqual(ofRak.map((c) => toHex(derived[c.index - 1].tcn)));
    }
    // Day 16 began rak 17; the raks whose last slot ended more than 14 days ago are gone.
    const kept = storedRaks(badge).map((r) => r.id).sort((a, b) => a - b);
    expect(kept[kept.length - 1]).toBe(17);
    expect(kept[0]).toBeGreaterThanOrEqual(2);
    expect(kept[0]).toBeLessThanOrEqual(3);
    expect(kept.length).toBeLessThanOrEqual(16);
  });

  it("never broadcasts past index 65535: a rak of 65535 one-minute slots gives way to a new one at index 1", () => {
    const scheduler = new SimScheduler();
    const badge = makeBadge(scheduler, new TinyAir(scheduler), 2, { rtcWallAtZeroMs: WALL0, config: { slotMinutes: 1, rakPeriodDays: 65535 / 1440, scanPeriodSeconds: 3600 } });
    let maxIndex = 0;
    let lastRak = 0;
    let firstOfSecond: number | null = null;
    badge.app.onTcnChange((_t, index, rakId) => {
      maxIndex = Math.max(maxIndex, index);
      if (rakId === 2 && firstOfSecond === null) firstOfSecond = index;
      lastRak = rakId;
    });
    badge.app.start();
    scheduler.runUntil(65_540 * 60_000);
    expect(maxIndex).toBe(65535);
    expect(lastRak).toBe(2);
    expect(firstOfSecond).toBe(1);
  });

  it("without a clock a reboot starts a new rak; with an RTC it picks up the same rak at the slot the time says", () => {
    const scheduler = new SimScheduler();
    const air = new TinyAir(scheduler);
    const noRtc = makeBadge(scheduler, air, 3);
    const rtc = makeBadge(scheduler, air, 4, { rtcWallAtZeroMs: WALL0 });
    noRtc.app.start();
    rtc.app.start();
    scheduler.runUntil(3 * SLOT + 60_000);
    noRtc.reboot();
    rtc.reboot();
    scheduler.runUntil(5 * SLOT + 60_000);
    const after = (b: typeof rtc) => b.tcns.filter((c) => c.atMs >= 3 * SLOT + 60_000);
    expect(after(noRtc).map((c) => [c.rakId, c.index])).toEqual([[2, 1], [2, 2], [2, 3]]);
    expect(after(rtc).map((c) => [c.rakId, c.index])).toEqual([[1, 4], [1, 5], [1, 6]]);
    // The continued rak's TCN is still its tcn_4.
    expect(toHex(after(rtc)[0].tcn)).toBe(toHex(rtc.tcns[3].tcn));
  });

  it("a clock whose timers fire early still changes TCN and address together, once per slot, at most 1 s early", () => {
    const scheduler = new SimScheduler();
    const badge = makeBadge(scheduler, new TinyAir(scheduler), 5, { rtcWallAtZeroMs: WALL0, config: { scanPeriodSeconds: 600 } });
    const clock = badge.ports.controls.clock;
    const setTimeout = clock.setTimeout.bind(clock);
    clock.setTimeout = (callback, delayMs) => setTimeout(callback, delayMs - Math.min(7, delayMs / 2));
    badge.app.start();
    scheduler.runUntil(DAY);
    expect(badge.tcns).toHaveLength(97);
    badge.tcns.forEach((c, k) => {
      expect(c.atMs).toBeGreaterThanOrEqual(k * SLOT - 1000);
      expect([c.rakId, c.index]).toEqual([Math.floor(k / 96) + 1, (k % 96) + 1]);
      if (k > 0) expect(c.address).not.toBe(badge.tcns[k - 1].address);
    });
  });

  it("a slot length pushed mid-rak applies from the next rak: each rak keeps its index-to-time mapping", () => {
    const scheduler = new SimScheduler();
    const badge = makeBadge(scheduler, new TinyAir(scheduler), 6, { rtcWallAtZeroMs: WALL0, config: { scanPeriodSeconds: 600 } });
    badge.app.start();
    scheduler.runUntil(3_600_000 + 1000);
    badge.app.syncBackend.configure({ slotMinutes: 10 });
    scheduler.runUntil(DAY + 3_600_000);
    const first = badge.tcns.filter((c) => c.rakId === 1);
    const second = badge.tcns.filter((c) => c.rakId === 2);
    expect(first).toHaveLength(96);
    first.forEach((c, k) => expect(c.atMs).toBeLessThanOrEqual(k * SLOT + 4000));
    expect(second.map((c) => c.atMs - DAY)).toEqual([0, 1, 2, 3, 4, 5, 6].map((k) => expect.closeTo(k * 600_000, -4)));
    // Each rak's stored record keeps the slot length it was begun with.
    const stored = storedRaks(badge).sort((a, b) => a.id - b.id).map((r) => r.bytes[42] | (r.bytes[43] << 8));
    expect(stored).toEqual([15, 10]);
  });
});
