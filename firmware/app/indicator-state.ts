// Which single state the indicator shows when several apply: what needs the wearer's action now
// first, then what they must know, then the badge's own health.
import type { IndicatorState } from "../ports/index.js";
import type { ExposureLevel } from "../sync/sync-backend.js";

export interface IndicatorInputs {
  readonly confirmPending: boolean;
  readonly syncActive: boolean;
  readonly exposure: ExposureLevel;
  /** The rak store fails: the badge is silent and must go back to whoever runs the fleet. */
  readonly keyStorageFault?: boolean;
  readonly logFull: boolean;
  readonly logNearlyFull: boolean;
  readonly clockSet: boolean;
  /** A "too close" warning is being shown (for a few seconds after it fired). */
  readonly tooClose?: boolean;
}

export function indicatorStateFor(inputs: IndicatorInputs): IndicatorState {
  if (inputs.confirmPending) return "confirm-request";
  if (inputs.tooClose === true) return "too-close";
  if (inputs.syncActive) return "sync-active";
  if (inputs.exposure === "alert") return "exposure-alert";
  if (inputs.exposure === "advisory") return "exposure-advisory";
  if (inputs.keyStorageFault === true) return "key-storage-fault";
  if (inputs.logFull) return "log-full";
  if (inputs.logNearlyFull) return "log-nearly-full";
  if (!inputs.clockSet) return "clock-not-set";
  return "idle";
}
