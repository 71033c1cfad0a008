// modules/base/time/time.js: `ticks` is ms since boot (wraps after 2^31 on some ports: use `delta`);
// `set(seconds)` is RAM only and lost at reset.
declare module "time" {
  const Time: {
    set(seconds: number): void;
    readonly ticks: number;
    delta(start: number, end?: number): number;
    timezone: number;
    dst: number;
  };
  export default Time;
}
