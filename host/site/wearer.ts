// The simulated wearer: when the badge asks for confirmation (a report request), the person
// presses the button, as a worker who agreed to report would.
import type { SimBadgePorts } from "../../firmware/platform/sim/index.js";

export function wearerConfirmsReports(ports: SimBadgePorts): void {
  const indicator = ports.controls.indicator;
  const show = indicator.show.bind(indicator);
  indicator.show = (state) => {
    show(state);
    // After the request has set itself up, as a person's press would come.
    if (state === "confirm-request") queueMicrotask(() => ports.controls.button.press("short"));
  };
}
