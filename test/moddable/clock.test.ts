import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createModdableClock, RTC_VALID_AFTER_MS } from "../../firmware/platform/moddable/clock.js";

/** Moddable's Time.ticks on ESP32/nRF52: modMilliseconds() as a signed 32-bit integer. */
class FakeTime {
  ms = 0;
  get ticks(): number {
    return this.ms | 0;
  }
}

/** Moddable's Timer.set / Timer.clear, fired by the test. */
class FakeTimer {
  live = new Map<number, () => void>();
  next = 1;
  set = (callback: () => void, _interval: number) => {
    const id = this.next++;
    this.live.set(id, callback);
    return id;
  };
  clear = (id: number) => {
    this.live.delete(id);
  };
  fire(id: number) {
    const cb = this.live.get(id);
    this.live.delete(id);
    cb?.();
  }
}

describe("Moddable clock adapter", () => {
  it("uptime stays exact and monotonic across Time.ticks wrapping at 2^31 ms (24.8 days)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { maxLength: 30 }), (start, steps) => {
        const time = new FakeTime();
        time.ms = start;
        const clock = createModdableClock(time, new FakeTimer());
        let expected = 0;
        for (const step of steps) {
          time.ms += step;
          expected += step;
          if (clock.uptimeMs() !== expected) return false;
        }
        return true;
      }),
    );
  });

  it("reports the RTC's time only when it is plausible, and no time when the RTC fails or is absent", () => {
    const time = new FakeTime();
    const timer = new FakeTimer();
    const rtc = { time: RTC_VALID_AFTER_MS + 5000 };
    expect(createModdableClock(time, timer, rtc).rtcWallTimeMs()).toBe(RTC_VALID_AFTER_MS + 5000);
    expect(createModdableClock(time, timer, { time: Date.UTC(2000, 0, 1) }).rtcWallTimeMs()).toBe(null);
    const broken = {
      get time(): number {
        throw new Error("I2C error");
      },
      set time(_v: number) {
        throw new Error("I2C error");
      },
    };
    const clock = createModdableClock(time, timer, broken);
    expect(clock.rtcWallTimeMs()).toBe(null);
    expect(() => clock.setRtcWallTimeMs(RTC_VALID_AFTER_MS)).not.toThrow();
    expect(createModdableClock(time, timer).rtcWallTimeMs()).toBe(null);
    const written = { time: 0 };
    createModdableClock(time, timer, written).setRtcWallTimeMs(1_800_000_000_000);
    expect(written.time).toBe(1_800_000_000_000);
  });

  it("runs a timer once and forgets it; clearing cancels it through Timer.clear", () => {
    const timer = new FakeTimer();
    const clock = createModdableClock(new FakeTime(), timer);
    let fired = 0;
    const a = clock.setTimeout(() => fired++, 100);
    const b = clock.setTimeout(() => fired++, 200);
    timer.fire(1);
    expect(fired).toBe(1);
    clock.clearTimeout(a); // already ran: nothing to do
    clock.clearTimeout(b);
    expect(timer.live.size).toBe(0);
    timer.fire(2);
    expect(fired).toBe(1);
  });
});
