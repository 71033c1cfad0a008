// @ts-check
// Panels: optional parts of the page, each shown only when the data carries what it needs. A new
// kind of data (from another part of tcn-badge) gets a panel by adding one entry here: a title,
// a test for its field, and a render function. The page itself never changes for it.
import { formatDateTime, formatDay } from "./format.js";
import { h } from "./svg.js";

/** @typedef {import("../data.js").DashboardInfo} DashboardInfo */
/** @typedef {import("../data.js").BadgeDetail} BadgeDetail */

/**
 * @template T
 * @typedef {{ id: string, title: string, shows: (value: T) => boolean, render: (value: T) => Node }} Panel
 */

/** @param {number} share */
const percent = (share) => `${(share * 100).toFixed(1)} %`;

/** @param {[string, string | number][]} rows @param {string} label */
function facts(rows, label) {
  return h("table", { class: "facts", "aria-label": label }, [h("tbody", {}, rows.map(([name, value]) => h("tr", {}, [h("th", { scope: "row" }, [name]), h("td", { class: "num" }, [String(value)])])))]);
}

/** Panels about the whole fleet, fed by /api/info. @type {Panel<DashboardInfo>[]} */
export const FLEET_PANELS = [
  {
    id: "accuracy",
    title: "Alert accuracy against ground truth",
    shows: (info) => info.accuracy !== undefined,
    render: (info) => {
      const a = /** @type {import("../data.js").AlertAccuracy} */ (info.accuracy);
      return h("div", {}, [
        facts(
          [
            ["precision (alerted badges truly exposed)", percent(a.precision)],
            ["recall (truly exposed badges alerted)", percent(a.recall)],
            ["badges alerted", a.alertedBadges],
            ["badges truly exposed", a.exposedBadges],
            ...(a.f1 !== undefined ? /** @type {[string, string][]} */ ([["F1 (harmonic mean of the two)", a.f1.toFixed(2)]]) : []),
            ...(a.oracle
              ? /** @type {[string, string][]} */ ([
                  ["oracle: precision / recall / F1 (the radio's limit)", `${percent(a.oracle.precision)} / ${percent(a.oracle.recall)} / ${a.oracle.f1.toFixed(2)}`],
                  ...(a.f1 !== undefined && a.oracle.f1 > 0 ? /** @type {[string, string][]} */ ([["F1 against the oracle's", percent(a.f1 / a.oracle.f1)]]) : []),
                ])
              : []),
            ...(a.nearMisses !== undefined ? /** @type {[string, number][]} */ ([["false alerts still within 3 m for 15 min (near misses)", a.nearMisses]]) : []),
            ...(a.riskPreset ? /** @type {[string, string][]} */ ([["risk preset", a.riskPreset]]) : []),
          ],
          "alert accuracy",
        ),
        h("p", { class: "hint" }, [`Truly exposed: ${a.truth}. The oracle scores every badge from the true RSSI the simulator knows (before radio noise), with the best threshold and duration for this run: no scoring of the badges' logs can beat it.`]),
      ]);
    },
  },
  {
    id: "calibration",
    title: "Site calibration",
    shows: (info) => info.calibration !== undefined && Object.keys(info.calibration).length > 0,
    render: (info) => facts(Object.entries(info.calibration ?? {}), "site calibration"),
  },
  {
    id: "battery",
    title: "Battery days (energy model, from each badge's duty)",
    shows: (info) => info.battery !== undefined,
    render: (info) => {
      const b = /** @type {import("../data.js").FleetBatteryView} */ (info.battery);
      return h("div", {}, [
        facts(
          [
            ["shortest-lived badge", `${b.minDays.toFixed(1)} days`],
            ["median badge", `${b.medianDays.toFixed(1)} days`],
            ["badges", b.badges],
            ["modelled as", `${b.chip}, ${b.batteryMah} mAh`],
          ],
          "battery days",
        ),
        h("p", { class: "hint" }, ["From published currents and the adverts, scan time and syncs each badge logged; not measured on a power analyser (docs/energy.md). Choose a badge for its own figure."]),
      ]);
    },
  },
  {
    id: "phones",
    title: "Workers' TCN phones beside the badges",
    shows: (info) => info.phones !== undefined,
    render: (info) => {
      const p = /** @type {import("../data.js").PhonesView} */ (info.phones);
      /** @param {import("../data.js").PhonePairsView} k */
      const found = (k) => `${k.pairs} pairs: by the badge ${percent(k.foundByBadge)}, by the phone ${percent(k.foundByPhone)}`;
      return h("div", {}, [
        facts(
          [
            ["phones", `${p.android} Android-like, ${p.iphone} iPhone-like (app in the ${p.iphoneForeground ? "foreground" : "background"})`],
            ["badge–badge pairs, each badge finding the other", `${p.badgeBadge.pairs} pairs: ${percent(p.badgeBadge.foundByBadge)}`],
            ["badge–Android pairs", found(p.androidPairs)],
            ["badge–iPhone pairs", found(p.iphonePairs)],
            ["TCN connections per badge-hour (most)", `${p.connectionsPerBadgeHour} (${p.maxConnectionsPerBadgeHour})`],
            ["their energy at the fleet's mean", `${p.connectionMahPerDay.toFixed(3)} mAh/day`],
          ],
          "phones beside the badges",
        ),
        h("p", { class: "hint" }, ["Pairs within 2 m for 15 min on a day; found when that side's log reached 15 minutes at the site's 2 m threshold. Background iPhones reach badges only by connection (docs/connection-mode.md)."]),
      ]);
    },
  },
  {
    id: "report-log",
    title: "Report log verification",
    shows: (info) => info.reportLog !== undefined && info.reportLog.servers.length > 0,
    render: (info) => {
      const servers = /** @type {import("../data.js").ReportLogState} */ (info.reportLog).servers;
      return h(
        "div",
        {},
        servers.map((s) =>
          h("div", { class: "report-log-server" }, [
            facts(
              [
                ["server", s.server],
                ["last verified tree head", s.treeSize === null ? "none yet" : `size ${s.treeSize}, root ${(s.rootHash ?? "").slice(0, 12)}…`],
                ["head signed (UTC)", s.headSignedAt === null ? "—" : formatDateTime(s.headSignedAt)],
                ["verified (UTC)", s.verifiedAt === null ? "never" : formatDateTime(s.verifiedAt)],
                ["status", s.failure === null ? "consistent" : `REFUSED: ${s.failure.kind}`],
              ],
              `report log of ${s.server}`,
            ),
            ...(s.failure === null ? [] : [h("p", { class: "problem", role: "alert" }, [`${formatDateTime(s.failure.at)}: ${s.failure.message}`])]),
          ]),
        ),
      );
    },
  },
];

/** Panels about the chosen badge, fed by /api/badge/:id. @type {Panel<BadgeDetail>[]} */
export const BADGE_PANELS = [
  {
    id: "too-close",
    title: "“Too close” warnings per day",
    shows: (d) => (d.tooCloseDays ?? []).length > 0,
    render: (d) => facts((d.tooCloseDays ?? []).map((t) => [formatDay(t.day), t.warnings]), "too close warnings per day"),
  },
  {
    id: "battery",
    title: "Battery (energy model)",
    shows: (d) => d.battery !== undefined,
    render: (d) => {
      const b = /** @type {import("../data.js").BadgeBatteryView} */ (d.battery);
      return facts(
        [
          ["days on one charge", `${b.days.toFixed(1)} days`],
          ["charge used per day", `${b.mAhPerDay.toFixed(2)} mAh`],
          ["modelled as", `${b.chip}, ${b.batteryMah} mAh`],
        ],
        "battery",
      );
    },
  },
];

/**
 * Renders the panels that have data into the container; hides it when none has.
 * @template T
 * @param {HTMLElement} container @param {Panel<T>[]} panels @param {T} value
 */
export function renderPanels(container, panels, value) {
  const shown = panels.filter((p) => p.shows(value));
  container.hidden = shown.length === 0;
  container.replaceChildren(...shown.map((p) => h("section", { class: "panel", "data-panel": p.id }, [h("h3", {}, [p.title]), p.render(value)])));
}
