// @ts-check
// The chosen badge's exposure: weighted minutes per day as bars against the alert line, and the
// same figures as a table. Nothing here can name the reporter: the data does not carry it.
import { formatDay, formatMinutes, levelText, TIME } from "./format.js";
import { h, s, title } from "./svg.js";

/** @typedef {import("../data.js").BadgeDetail} BadgeDetail */
/** @typedef {import("../data.js").ExposureDay} ExposureDay */

const W = 470;
const H = 230;
const M = { left: 54, right: 8, top: 24, bottom: 40 };
/** Y-axis labels are 11 px high: keep them at least this far apart. */
const MIN_TICK_GAP = 18;
const COLOURS = { alert: "#c62828", advisory: "#b86e00", none: "#9aa5b1" };
/** Days shown before the last one, so a badge with no exposure still shows two weeks. */
const SPAN_DAYS = 14;

/** Why an alert can stand below the alert line: minutes very close (the close-contact rule). @param {ExposureDay} e */
const closeText = (e) => (e.closeMinutes ? ` (${formatMinutes(e.closeMinutes)} min very close)` : "");


/**
 * A round step (1, 2, 2.5 or 5 times a power of ten) that gives at most `ticks` steps up to `top`.
 * @param {number} top @param {number} ticks
 */
export function niceStep(top, ticks) {
  const raw = top / Math.max(1, ticks);
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 2.5, 5, 10].map((m) => m * power).find((step) => step >= raw) ?? 10 * power);
}

/**
 * @param {readonly ExposureDay[]} days
 * @param {number} now
 * @param {number} alertMinutes
 */
export function exposureChart(days, now, alertMinutes) {
  const lastDay = Math.max(Math.floor(now / TIME.DAY), ...days.map((d) => d.day));
  const firstDay = Math.min(lastDay - SPAN_DAYS + 1, ...days.map((d) => d.day));
  const count = lastDay - firstDay + 1;
  const byDay = new Map(days.map((d) => [d.day, d]));
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const highest = Math.max(alertMinutes * 1.6, ...days.map((d) => d.weightedMinutes * 1.1));
  const step = niceStep(highest, Math.floor(plotH / MIN_TICK_GAP));
  const top = Math.ceil(highest / step) * step;
  const slot = plotW / count;
  /** @param {number} v */
  const y = (v) => M.top + plotH - (v / top) * plotH;

  const grid = [];
  for (let v = 0; v <= top + step / 1000; v += step) {
    grid.push(s("line", { x1: M.left, x2: W - M.right, y1: y(v), y2: y(v), stroke: "#e3e8ee" }));
    // The alert line has its own label on the axis: a tick too close to it would sit on top of it.
    if (Math.abs(y(v) - y(alertMinutes)) < MIN_TICK_GAP - 4) continue;
    grid.push(s("text", { class: "axis-label", x: M.left - 6, y: y(v) + 4, "text-anchor": "end", "font-size": 11, fill: "#5b6673" }, [String(Math.round(v * 10) / 10)]));
  }
  const bars = [];
  const labels = [];
  for (let i = 0; i < count; i++) {
    const day = firstDay + i;
    const x = M.left + i * slot;
    const d = new Date(day * TIME.DAY);
    labels.push(s("text", { class: "axis-label", x: x + slot / 2, y: H - M.bottom + 15, "text-anchor": "middle", "font-size": 11, fill: "#5b6673" }, [String(d.getUTCDate())]));
    labels.push(s("text", { class: "axis-label", x: x + slot / 2, y: H - M.bottom + 28, "text-anchor": "middle", "font-size": 10, fill: "#8a95a1" }, [["Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"][d.getUTCDay()]]));
    const e = byDay.get(day);
    if (e === undefined || e.weightedMinutes <= 0) continue;
    const colour = COLOURS[e.level];
    const bw = Math.min(34, slot * 0.7);
    bars.push(
      s("rect", {
        class: "exposure-bar",
        "data-day": day,
        x: x + (slot - bw) / 2,
        y: y(e.weightedMinutes),
        width: bw,
        height: Math.max(1, y(0) - y(e.weightedMinutes)),
        fill: e.delivered ? colour : `url(#pending-${e.level})`,
        stroke: colour,
      }, [title(`${formatDay(day)}: ${formatMinutes(e.weightedMinutes)} weighted min, ${levelText(e.level).toLowerCase()}${closeText(e)}, ${e.delivered ? "delivered to the badge" : "not yet delivered"}`)]),
      s("text", { x: x + slot / 2, y: y(e.weightedMinutes) - 4, "text-anchor": "middle", "font-size": 11, "font-weight": 600, fill: colour }, [formatMinutes(e.weightedMinutes)]),
    );
  }
  const patterns = Object.entries(COLOURS).map(([level, colour]) =>
    s("pattern", { id: `pending-${level}`, width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" }, [
      s("rect", { width: 6, height: 6, fill: "#fff" }),
      s("rect", { width: 3, height: 6, fill: colour }),
    ]),
  );
  const alertY = y(alertMinutes);
  return s("svg", { class: "chart", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `weighted minutes per day from ${formatDay(firstDay)} to ${formatDay(lastDay)}, alert at ${alertMinutes}` }, [
    s("defs", {}, patterns),
    ...grid,
    s("line", { x1: M.left, x2: W - M.right, y1: y(0), y2: y(0), stroke: "#5b6673" }),
    ...bars,
    s("line", { class: "alert-line", x1: M.left, x2: W - M.right, y1: alertY, y2: alertY, stroke: "#c62828", "stroke-width": 1.5, "stroke-dasharray": "6 4" }),
    // The line's value sits on the axis and its name above the plot, where no bar can cover them.
    s("text", { class: "axis-label alert-tick", x: M.left - 6, y: alertY + 4, "text-anchor": "end", "font-size": 11, "font-weight": 700, fill: "#c62828" }, [String(alertMinutes)]),
    s("text", { class: "axis-label alert-label", x: W - M.right, y: 12, "text-anchor": "end", "font-size": 11, fill: "#c62828" }, [`- - alert line: ${alertMinutes} weighted min per day`]),
    ...labels,
    s("text", { class: "axis-label", x: 12, y: M.top + plotH / 2, transform: `rotate(-90 12 ${M.top + plotH / 2})`, "text-anchor": "middle", "font-size": 11, fill: "#5b6673" }, ["weighted minutes per day"]),
  ]);
}

/**
 * @param {HTMLElement} container
 * @param {BadgeDetail | null} detail
 * @param {{ now: number, alertMinutes: number }} info
 */
export function renderExposure(container, detail, info) {
  if (detail === null) {
    container.replaceChildren(h("p", { class: "empty" }, ["Choose a badge in the table."]));
    return;
  }
  const { badge, exposureDays } = detail;
  const scored = exposureDays.filter((d) => d.level !== "none");
  const heading = h("p", {}, [
    h("b", {}, [badge.id]),
    badge.label ? ` · ${badge.label} · ` : " · ",
    h("span", { class: `pill ${badge.level}` }, [levelText(badge.level)]),
    ` · exposure days: ${badge.pendingAlerts} to deliver, ${badge.deliveredAlerts} delivered`,
  ]);
  const legend = h("div", { class: "legend" }, [
    h("span", { class: "l-alert" }, ["alert, told to badge"]),
    h("span", { class: "l-advisory" }, ["advisory, told"]),
    h("span", { class: "l-pending" }, ["not yet told"]),
    h("span", { class: "l-line" }, ["alert line"]),
  ]);
  const table =
    scored.length === 0
      ? h("p", { class: "empty" }, ["No exposure scored for this badge."])
      : h("table", { class: "days", "aria-label": `exposure days of ${badge.id}` }, [
          h("thead", {}, [h("tr", {}, [h("th", { scope: "col" }, ["Day (UTC)"]), h("th", { scope: "col", class: "num" }, ["Weighted min"]), h("th", { scope: "col" }, ["Level"]), h("th", { scope: "col" }, ["Told to badge"])])]),
          h("tbody", {}, scored.map((d) => h("tr", {}, [h("td", {}, [formatDay(d.day)]), h("td", { class: "num" }, [formatMinutes(d.weightedMinutes)]), h("td", {}, [levelText(d.level) + closeText(d)]), h("td", {}, [d.delivered ? "yes" : "not yet"])]))),
        ]);
  container.replaceChildren(
    heading,
    exposureChart(exposureDays, info.now, info.alertMinutes),
    legend,
    table,
    h("p", { class: "privacy" }, ["Who reported is never shown: the host only learns that some published report matched TCNs this badge heard."]),
  );
}
