import { describe, expect, it } from "vitest";
import { toHex } from "../../firmware/core/bytes.js";
import { createSimLinkPair, SimClock, SimEntropy, SimRadio, SimScheduler, SimSettings } from "../../firmware/platform/sim/index.js";
import { TinyAir } from "./helpers/tiny-air.js";

describe("simulator adapters", () => {
  it("entropy: the same seed gives the same bytes however they are split; another seed differs", () => {
    const one = new SimEntropy(42);
    const two = new SimEntropy(42);
    const whole = one.randomBytes(100);
    const parts = [two.randomBytes(7), two.randomBytes(50), two.randomBytes(43)];
    expect(toHex(Uint8Array.from(parts.flatMap((p) => [...p])))).toBe(toHex(whole));
    expect(toHex(new SimEntropy(43).randomBytes(100))).not.toBe(toHex(whole));
    expect(toHex(new SimEntropy("42").randomBytes(32))).not.toBe(toHex(whole.subarray(0, 32)));
  });

  it("clock: uptime from boot, timers on the scheduler, reboot kills timers and restarts uptime; the RTC keeps going", () => {
    const s = new SimScheduler();
    const clock = new SimClock(s, { bootAtMs: 0, rtcWallAtZeroMs: 1_000_000 });
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(s.now()), 500);
    const cancelled = clock.setTimeout(() => fired.push(-1), 700);
    clock.clearTimeout(cancelled);
    clock.setTimeout(() => fired.push(-2), 5000);
    s.runUntil(1000);
    clock.reboot();
    s.runUntil(10_000);
    expect(fired).toEqual([500]);
    expect(clock.uptimeMs()).toBe(9000);
    expect(clock.rtcWallTimeMs()).toBe(1_010_000);
    clock.setRtcWallTimeMs(5_000_000);
    s.runUntil(11_000);
    expect(clock.rtcWallTimeMs()).toBe(5_001_000);
    expect(new SimClock(s).rtcWallTimeMs()).toBeNull();
  });

  it("settings: values are copies, kept across reboot unless volatile", () => {
    const kept = new SimSettings();
    const value = new Uint8Array([1, 2]);
    kept.set("d", "k", value);
    value[0] = 9;
    expect([...kept.get("d", "k")!]).toEqual([1, 2]);
    kept.reboot();
    expect(kept.keys("d")).toEqual(["k"]);
    const lost = new SimSettings({ volatile: true });
    lost.set("d", "k", value);
    lost.reboot();
    expect(lost.get("d", "k")).toBeUndefined();
  });

  it("link pair: bytes sent on one end arrive at the other, via the scheduler; close reaches both ends", () => {
    const s = new SimScheduler();
    const { badge, host } = createSimLinkPair(s);
    const got: string[] = [];
    let closes = 0;
    host.onReceive((b) => got.push(toHex(b)));
    badge.onClose(() => closes++);
    host.onClose(() => closes++);
    badge.send(new Uint8Array([1, 2, 3]));
    expect(got).toEqual([]);
    s.runUntil(1);
    expect(got).toEqual(["010203"]);
    host.close();
    expect(closes).toBe(2);
    expect(() => badge.send(new Uint8Array([4]))).toThrow(/closed/);
  });

  it("radio: refuses to rotate while on air; new addresses are non-resolvable private (top bits 00)", () => {
    const s = new SimScheduler();
    const radio = new SimRadio(new TinyAir(s), 1, new SimEntropy(1));
    const seen = new Set([radio.address]);
    for (let i = 0; i < 200; i++) {
      radio.rotateAddress();
      expect(parseInt(radio.address.slice(0, 2), 16) >> 6).toBe(0);
      seen.add(radio.address);
    }
    expect(seen.size).toBe(201);
    radio.startAdvertising({ flags: 4, completeUUID16List: [0xc019], serviceDataUUID16: { uuid: 0xc019, data: new Uint8Array(16) } });
    expect(() => radio.rotateAddress()).toThrow(/while advertising; stop both first/);
  });
});
