// modules/base/timer/timer.js: callbacks run on the main loop; interval in ms.
declare module "timer" {
  class Timer {
    private constructor();
    private brand: boolean;
    static set(callback: (timer: Timer) => void, interval?: number, repeat?: number): Timer;
    static repeat(callback: (timer: Timer) => void, interval: number): Timer;
    static clear(timer: Timer | undefined | null): void;
  }
  export default Timer;
}
