// @ts-check
// The fleet table: one row per badge, alerting badges first (a header sorts by its column, the
// search box filters by id or label); a row (or its id button) chooses it.
import { formatAgo, formatDateTime, formatDrift, formatMinutes, levelText, TIME } from "./format.js";
import { h, s } from "./svg.js";

/** @typedef {import("../data.js").BadgeRow} BadgeRow */

/** Past these a value is flagged, not hidden: the person decides. */
export const LIMITS = { staleSyncMs: 2 * TIME.DAY, driftMs: 2000, logFill: 0.8 };

const RANK = { alert: 0, advisory: 1, none: 2 };

/**
 * Sort keys, each with the order that puts what needs attention first ("worst first").
 * @type {Record<string, { label: string, title?: string, num?: boolean, order: "ascending" | "descending" | "other", worstFirst: (a: BadgeRow, b: BadgeRow) => number }>}
 */
export const COLUMNS = {
  id: { label: "Badge", order: "ascending", worstFirst: (a, b) => a.id.localeCompare(b.id, undefined, { numeric: true }) },
  lastSyncAt: { label: "Last sync", order: "ascending", worstFirst: (a, b) => (a.lastSyncAt ?? -Infinity) - (b.lastSyncAt ?? -Infinity) },
  clockDriftMs: { label: "Drift", num: true, order: "other", title: "badge clock minus host clock at the last sync", worstFirst: (a, b) => Math.abs(b.clockDriftMs ?? 0) - Math.abs(a.clockDriftMs ?? 0) },
  logFill: { label: "Log fill", order: "descending", title: "share of the badge's log in use", worstFirst: (a, b) => (b.logFill ?? 0) - (a.logFill ?? 0) },
  lostRecords: { label: "Lost", num: true, order: "descending", title: "records the badge dropped because its log was full", worstFirst: (a, b) => b.lostRecords - a.lostRecords },
  pendingAlerts: { label: "Days to deliver", num: true, order: "descending", title: "exposure days (advisory or alert) not yet told to the badge", worstFirst: (a, b) => b.pendingAlerts - a.pendingAlerts },
  deliveredAlerts: { label: "Days delivered", num: true, order: "descending", title: "exposure days told to the badge at a sync", worstFirst: (a, b) => b.deliveredAlerts - a.deliveredAlerts },
  level: { label: "Severity", order: "other", title: "alert before advisory before none, then the worst day's weighted minutes", worstFirst: bySeverity },
};

/** Alert before advisory before none; within a level, the higher worst day, then more to deliver. @param {BadgeRow} a @param {BadgeRow} b */
function bySeverity(a, b) {
  return RANK[a.level] - RANK[b.level] || (b.peakWeightedMinutes ?? 0) - (a.peakWeightedMinutes ?? 0) || b.pendingAlerts - a.pendingAlerts;
}

/** @typedef {{ key: keyof typeof COLUMNS, reversed: boolean }} FleetSort */

/** @param {readonly BadgeRow[]} rows @param {FleetSort} [sort] */
export function sortFleet(rows, sort = { key: "level", reversed: false }) {
  const column = COLUMNS[sort.key] ?? COLUMNS.level;
  const sign = sort.reversed ? -1 : 1;
  return rows.slice().sort((a, b) => sign * column.worstFirst(a, b) || COLUMNS.id.worstFirst(a, b));
}

/** @param {"ascending" | "descending" | "other"} order @param {boolean} reversed */
function ariaSort(order, reversed) {
  if (order === "other" || !reversed) return order;
  return order === "ascending" ? "descending" : "ascending";
}

/** @param {readonly BadgeRow[]} rows @param {string} text */
export function filterFleet(rows, text) {
  const wanted = text.trim().toLowerCase();
  return wanted === "" ? rows.slice() : rows.filter((b) => b.id.toLowerCase().includes(wanted) || (b.label ?? "").toLowerCase().includes(wanted));
}

/** @param {number | null} fill */
function fillBar(fill) {
  if (fill === null) return "–";
  const pct = Math.round(fill * 100);
  const colour = fill >= LIMITS.logFill ? "var(--alert)" : "var(--accent)";
  return h("span", { class: "fill" }, [
    s("svg", { width: 56, height: 10, viewBox: "0 0 56 10", role: "img", "aria-label": `log ${pct} % full` }, [
      s("rect", { x: 0, y: 0, width: 56, height: 10, rx: 2, fill: "#e3e8ee" }),
      s("rect", { x: 0, y: 0, width: Math.max(1, fill * 56), height: 10, rx: 2, fill: colour }),
    ]),
    h("span", { class: fill >= LIMITS.logFill ? "bad" : null }, [`${pct} %`]),
  ]);
}

/**
 * @param {HTMLElement} container
 * @param {readonly BadgeRow[]} rows
 * @param {{ now: number, chosen: string | null, sort: FleetSort, filter: string }} view
 * @param {{ onChoose: (id: string) => void, onSort: (sort: FleetSort) => void }} on
 */
export function renderFleet(container, rows, view, on) {
  const { now, chosen, sort } = view;
  const head = h("thead", {}, [
    h(
      "tr",
      {},
      Object.entries(COLUMNS).map(([key, column]) => {
        const active = sort.key === key;
        const button = h("button", { type: "button", class: "sort", title: `${column.title ? column.title + "; " : ""}sort by ${column.label.toLowerCase()}` }, [column.label, active ? (sort.reversed ? " ▴" : " ▾") : ""]);
        button.addEventListener("click", () => on.onSort({ key: /** @type {keyof typeof COLUMNS} */ (key), reversed: active ? !sort.reversed : false }));
        return h("th", { scope: "col", class: column.num ? "num" : null, "aria-sort": active ? ariaSort(column.order, sort.reversed) : null }, [button]);
      }),
    ),
  ]);
  const shown = sortFleet(filterFleet(rows, view.filter), sort);
  const body = h(
    "tbody",
    {},
    shown.map((b) => {
      const stale = b.lastSyncAt === null || now - b.lastSyncAt > LIMITS.staleSyncMs;
      const row = h("tr", { "data-badge": b.id, "aria-current": b.id === chosen ? "true" : null }, [
        h("td", {}, [h("button", { type: "button", class: "badge-id", "aria-label": `show exposure of badge ${b.id}` }, [b.id]), b.label ? h("span", { class: "label" }, [b.label]) : null]),
        h("td", { class: stale ? "stale" : null, title: b.lastSyncAt === null ? "never synced" : formatDateTime(b.lastSyncAt) + " UTC" }, [formatAgo(b.lastSyncAt, now)]),
        h("td", { class: `num${b.clockDriftMs !== null && Math.abs(b.clockDriftMs) > LIMITS.driftMs ? " bad" : ""}` }, [formatDrift(b.clockDriftMs)]),
        h("td", {}, [fillBar(b.logFill)]),
        h("td", { class: `num${b.lostRecords > 0 ? " bad" : ""}` }, [String(b.lostRecords)]),
        h("td", { class: `num${b.pendingAlerts > 0 ? " bad" : ""}` }, [String(b.pendingAlerts)]),
        h("td", { class: "num" }, [String(b.deliveredAlerts)]),
        h("td", { title: b.peakWeightedMinutes ? `worst day: ${formatMinutes(b.peakWeightedMinutes)} weighted minutes` : null }, [
          h("span", { class: `pill ${b.level}` }, [levelText(b.level)]),
        ]),
      ]);
      row.addEventListener("click", () => on.onChoose(b.id));
      return row;
    }),
  );
  const table = h("table", { id: "fleet-table", "aria-label": `${shown.length} of ${rows.length} badges` }, [head, body]);
  const empty = rows.length === 0 ? "No badges enrolled yet." : shown.length === 0 ? `No badge id or label contains "${view.filter}".` : null;
  container.replaceChildren(empty === null ? table : h("p", { class: "empty" }, [empty]));
}

/** @param {readonly BadgeRow[]} rows @param {number} now */
export function fleetSummary(rows, now) {
  return {
    badges: rows.length,
    alert: rows.filter((b) => b.level === "alert").length,
    advisory: rows.filter((b) => b.level === "advisory").length,
    pending: rows.reduce((n, b) => n + b.pendingAlerts, 0),
    stale: rows.filter((b) => b.lastSyncAt === null || now - b.lastSyncAt > LIMITS.staleSyncMs).length,
    lost: rows.filter((b) => b.lostRecords > 0).length,
  };
}

/** @param {HTMLElement} container @param {ReturnType<typeof fleetSummary>} sum */
export function renderSummary(container, sum) {
  /** Every chip names its unit: a badge, or a badge-day (one badge's score for one day). */
  /** @param {string} key @param {string} cls @param {number} n @param {string} text @param {string} explain */
  const chip = (key, cls, n, text, explain) => h("li", { class: n > 0 ? cls : null, title: explain, "data-count": key }, [h("b", {}, [String(n)]), ` ${text}`]);
  container.replaceChildren(
    chip("badges", "", sum.badges, "badges", "badges enrolled"),
    chip("alert", "alert", sum.alert, sum.alert === 1 ? "badge alerted" : "badges alerted", "badges with at least one alert day (15 weighted minutes or more)"),
    chip("advisory", "advisory", sum.advisory, sum.advisory === 1 ? "badge advisory only" : "badges advisory only", "badges with an advisory day and no alert day"),
    chip("pending", "alert", sum.pending, "badge-days to deliver", "exposure days scored but not yet told to their badge (at its next sync), counted per badge and day"),
    chip("stale", "warn", sum.stale, sum.stale === 1 ? "badge not synced in 2 d" : "badges not synced in 2 d", "badges that have not synced for two days or never"),
    chip("lost", "warn", sum.lost, sum.lost === 1 ? "badge lost records" : "badges lost records", "badges that dropped records because their log was full"),
  );
}
