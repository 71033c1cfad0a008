// @ts-check
// The "too close" panel: how often each badge warned its wearer that someone stood too close, per
// day, under which calibration and setting. Shown only when the source has warnings or a setting.
import { getJson } from "./api.js";
import { formatDateTime, formatDay } from "./format.js";
import { h, replace } from "./svg.js";

/** @typedef {import("../data.js").ProximityWarningsView} ProximityWarningsView */

/** @param {ProximityWarningsView} view */
export function describeSetting(view) {
  const c = view.calibration;
  const calibration = c === null
    ? "No site calibration yet (tcn-badge calibrate)."
    : `Site calibration (${c.method}, ${formatDateTime(c.measuredAt)}): ${c.rssiAt1mDbm.toFixed(1)} dBm at 1 m, exponent ${c.pathLossExponent.toFixed(2)}, ${c.rssiAt2mDbm.toFixed(1)} dBm at 2 m.`;
  const w = view.warning;
  const warning = w === null || !w.enabled
    ? "The warning is off."
    : `Badges warn at ${w.rssiDbm} dBm or stronger${w.distanceMeters === null ? "" : ` (about ${w.distanceMeters} m)`} held ${w.seconds} s.`;
  return `${calibration} ${warning}`;
}

/** @param {ProximityWarningsView} view */
export function warningsTable(view) {
  if (view.badges.length === 0) return h("p", { class: "hint" }, ["No badge has warned yet."]);
  return h("table", {}, [
    h("thead", {}, [h("tr", {}, [h("th", { scope: "col" }, ["Badge"]), ...view.days.map((d) => h("th", { scope: "col", class: "num" }, [formatDay(d)])), h("th", { scope: "col", class: "num" }, ["Total"])])]),
    h("tbody", {}, view.badges.map((b) => h("tr", {}, [
      h("th", { scope: "row" }, [b.id]),
      ...b.counts.map((n) => h("td", { class: "num" }, [n === 0 ? "" : String(n)])),
      h("td", { class: "num" }, [String(b.total)]),
    ]))),
  ]);
}

/** @param {HTMLElement} section @param {HTMLElement} container */
export async function loadProximityWarnings(section, container) {
  /** @type {ProximityWarningsView | null} */
  const view = await getJson("/api/proximity-warnings");
  if (view === null || (view.warning === null && view.badges.length === 0)) return;
  section.hidden = false;
  replace(container, h("p", { class: "hint" }, [describeSetting(view)]), h("div", { class: "scroll" }, [warningsTable(view)]));
}
