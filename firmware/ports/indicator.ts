// What the wearer sees and hears. Moddable adapters drive the board's LED and buzzer.
export type IndicatorState =
  | "idle"
  | "clock-not-set"
  | "log-nearly-full"
  | "log-full"
  | "key-storage-fault"
  | "sync-active"
  | "confirm-request"
  | "exposure-advisory"
  | "exposure-alert"
  | "too-close";

export interface IndicatorPort {
  show(state: IndicatorState): void;
}
