// @ts-check
// The fleet table: one row per badge, alerting badges first; a row (or its id button) chooses it.
import { formatAgo, formatDateTime, formatDrift, levelText, TIME } from "./format.js";
import { h, s } from "./svg.js";

/** @typedef {import("../data.js").BadgeRow} BadgeRow */

/** Past these a value is flagged, not hidden: the person decides. */
export const LIMITS = { staleSyncMs: 2 * TIME.DAY, driftMs: 2000, logFill: 0.8 };

const RANK = { alert: 0, advisory: 1, none: 2 };

/** @param {readonly BadgeRow[]} rows */
export function sortFleet(rows) {
  return rows.slice().sort((a, b) => RANK[a.level] - RANK[b.level] || b.pendingAlerts - a.pendingAlerts || a.id.localeCompare(b.id));
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
 * @param {number} now
 * @param {string | null} chosen
 * @param {(id: string) => void} onChoose
 */
export function renderFleet(container, rows, now, chosen, onChoose) {
  const head = h("thead", {}, [
    h("tr", {}, [
      h("th", { scope: "col" }, ["Badge"]),
      h("th", { scope: "col" }, ["Last sync"]),
      h("th", { scope: "col", class: "num", title: "badge clock minus host clock at the last sync" }, ["Drift"]),
      h("th", { scope: "col" }, ["Log fill"]),
      h("th", { scope: "col", class: "num", title: "records the badge dropped because its log was full" }, ["Lost"]),
      h("th", { scope: "col", class: "num", title: "exposure days not yet told to the badge" }, ["To deliver"]),
      h("th", { scope: "col", class: "num", title: "exposure days told to the badge at a sync" }, ["Delivered"]),
      h("th", { scope: "col" }, ["Level"]),
    ]),
  ]);
  const body = h(
    "tbody",
    {},
    sortFleet(rows).map((b) => {
      const stale = b.lastSyncAt === null || now - b.lastSyncAt > LIMITS.staleSyncMs;
      const row = h("tr", { "data-badge": b.id, "aria-selected": b.id === chosen ? "true" : "false" }, [
        h("td", {}, [h("button", { type: "button", class: "badge-id", "aria-label": `show exposure of badge ${b.id}` }, [b.id]), b.label ? h("span", { class: "label" }, [b.label]) : null]),
        h("td", { class: stale ? "stale" : null, title: b.lastSyncAt === null ? "never synced" : formatDateTime(b.lastSyncAt) + " UTC" }, [formatAgo(b.lastSyncAt, now)]),
        h("td", { class: `num${b.clockDriftMs !== null && Math.abs(b.clockDriftMs) > LIMITS.driftMs ? " bad" : ""}` }, [formatDrift(b.clockDriftMs)]),
        h("td", {}, [fillBar(b.logFill)]),
        h("td", { class: `num${b.lostRecords > 0 ? " bad" : ""}` }, [String(b.lostRecords)]),
        h("td", { class: `num${b.pendingAlerts > 0 ? " bad" : ""}` }, [String(b.pendingAlerts)]),
        h("td", { class: "num" }, [String(b.deliveredAlerts)]),
        h("td", {}, [h("span", { class: `pill ${b.level}` }, [levelText(b.level)])]),
      ]);
      row.addEventListener("click", () => onChoose(b.id));
      return row;
    }),
  );
  const table = h("table", { "aria-label": `${rows.length} badges` }, [head, body]);
  container.replaceChildren(rows.length === 0 ? h("p", { class: "empty" }, ["No badges enrolled yet."]) : table);
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
  /** @param {string} cls @param {number} n @param {string} text @param {string} explain */
  const chip = (cls, n, text, explain) => h("li", { class: n > 0 ? cls : null, title: explain }, [h("b", {}, [String(n)]), ` ${text}`]);
  container.replaceChildren(
    chip("", sum.badges, "badges", "badges enrolled"),
    chip("alert", sum.alert, "alert", "badges with an alert day (15 weighted minutes or more)"),
    chip("advisory", sum.advisory, "advisory", "badges with an advisory day, none at alert level"),
    chip("alert", sum.pending, "days to deliver", "exposure days scored but not yet told to their badge (at its next sync)"),
    chip("warn", sum.stale, "no sync in 2 d", "badges that have not synced for two days or never"),
    chip("warn", sum.lost, "lost records", "badges that dropped records because their log was full"),
  );
}
