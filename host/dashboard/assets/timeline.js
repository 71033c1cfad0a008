// @ts-check
// The timeline: one row per kind of event, bars counting events per hour, day lines underneath,
// and a row with the chosen badge's own events.
import { formatDate, formatDateTime, TIME } from "./format.js";
import { h, s, title } from "./svg.js";

/** @typedef {import("../data.js").TimelineEvent} TimelineEvent */

/** Each row counts one thing, and says which: `unit` is what one event is. */
export const LANES = [
  { kind: "sync", one: "Sync", name: "Syncs", unit: "syncs", unitOne: "sync", colour: "#1f5fa8" },
  { kind: "report-upload", one: "Report uploaded", name: "Reports uploaded", unit: "reports", unitOne: "report", colour: "#6a1b9a" },
  { kind: "fetch", one: "Report fetch", name: "Report fetches", unit: "reports fetched", unitOne: "report fetched", colour: "#00838f" },
  { kind: "match", one: "Scoring run", name: "Scoring runs", unit: "runs", unitOne: "run", colour: "#b86e00" },
  { kind: "alert-delivered", one: "Notice told to badge", name: "Notices told to badges", unit: "badge-days", unitOne: "badge-day", colour: "#c62828" },
];

/** @param {number} n */
const count = (n) => n.toLocaleString("en-US");

const W = 1200;
const LABEL = 190;
const RIGHT = 16;
const LANE = 34;
const TOP = 8;
const AXIS = 24;

/**
 * Whole UTC days from the first event to now (or the last event), in bins of whole hours
 * (one hour up to three weeks, so a bar stays a few pixels wide).
 * @param {readonly TimelineEvent[]} events
 * @param {number} now
 */
export function timeRange(events, now) {
  const first = events.length === 0 ? now - 7 * TIME.DAY : events[0].at;
  const start = Math.floor(Math.min(first, now) / TIME.DAY) * TIME.DAY;
  const end = Math.ceil((Math.max(now, events.length === 0 ? now : events[events.length - 1].at) + 1) / TIME.DAY) * TIME.DAY;
  const bin = TIME.HOUR * Math.max(1, Math.ceil((end - start) / TIME.HOUR / 504));
  return { start, end, bin };
}

/**
 * @param {readonly TimelineEvent[]} events
 * @param {number} now
 * @param {string | null} chosen
 */
export function timelineChart(events, now, chosen) {
  const { start, end, bin } = timeRange(events, now);
  const plotW = W - LABEL - RIGHT;
  /** @param {number} t */
  const x = (t) => LABEL + ((t - start) / (end - start)) * plotW;
  const binW = Math.max(1.5, (bin / (end - start)) * plotW);
  const lanes = chosen === null ? LANES.length : LANES.length + 1;
  const height = TOP + lanes * LANE + AXIS;
  const nodes = [];

  // A label every so many days, so that labels never overlap however long the range.
  const labelEvery = Math.max(1, Math.ceil(80 / ((TIME.DAY / (end - start)) * plotW)));
  for (let day = start, i = 0; day <= end; day += TIME.DAY, i++) {
    nodes.push(s("line", { x1: x(day), x2: x(day), y1: TOP, y2: TOP + lanes * LANE, stroke: i % labelEvery === 0 ? "#d3dae2" : "#eef1f4" }));
    if (day < end && i % labelEvery === 0 && x(day) + 75 <= W) {
      nodes.push(s("text", { x: x(day) + 3, y: height - 8, "font-size": 11, fill: "#5b6673" }, [formatDate(day)]));
    }
  }
  LANES.forEach((lane, i) => {
    const y0 = TOP + i * LANE;
    const counts = new Map();
    for (const e of events) if (e.kind === lane.kind) counts.set(Math.floor((e.at - start) / bin), (counts.get(Math.floor((e.at - start) / bin)) ?? 0) + 1);
    const max = Math.max(1, ...counts.values());
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    nodes.push(s("line", { x1: LABEL, x2: W - RIGHT, y1: y0 + LANE - 2, y2: y0 + LANE - 2, stroke: "#c9d1da" }));
    nodes.push(s("text", { class: "lane-name", x: 8, y: y0 + 13, "font-size": 12, fill: "#1d232b" }, [lane.name]));
    nodes.push(s("text", { class: "lane-count", "data-kind": lane.kind, "data-count": total, x: 8, y: y0 + 27, "font-size": 11, fill: "#5b6673" }, [`${count(total)} ${total === 1 ? lane.unitOne : lane.unit}`]));
    for (const [index, n] of counts) {
      const t = start + index * bin;
      const barH = Math.max(3, ((LANE - 6) * n) / max);
      nodes.push(
        s("rect", { class: `tl-bar tl-${lane.kind}`, x: x(t), y: y0 + LANE - 2 - barH, width: binW, height: barH, fill: lane.colour }, [
          title(`${count(n)} ${n === 1 ? lane.unitOne : lane.unit} from ${formatDateTime(t)} UTC`),
        ]),
      );
    }
  });
  if (chosen !== null) {
    const y0 = TOP + LANES.length * LANE;
    nodes.push(s("rect", { x: 0, y: y0 + 2, width: W, height: LANE - 4, fill: "#e8f0fb" }));
    nodes.push(s("text", { x: 8, y: y0 + LANE / 2 + 4, "font-size": 12, "font-weight": 600, fill: "#1f5fa8" }, [`Badge ${chosen}`]));
    for (const e of events) {
      if (e.badgeId !== chosen) continue;
      const lane = LANES.find((l) => l.kind === e.kind) ?? LANES[0];
      nodes.push(
        s("rect", { class: "tl-chosen", x: x(e.at) - 1.5, y: y0 + 6, width: 3, height: LANE - 12, fill: lane.colour }, [
          title(`${lane.one} ${formatDateTime(e.at)} UTC: ${e.detail}`),
        ]),
      );
    }
  }
  nodes.push(s("line", { class: "now-line", x1: x(now), x2: x(now), y1: TOP, y2: TOP + lanes * LANE, stroke: "#1d232b", "stroke-dasharray": "3 3" }));
  nodes.push(s("text", { x: x(now) - 4, y: TOP + 10, "text-anchor": "end", "font-size": 11, fill: "#1d232b" }, ["now"]));
  return s("svg", { class: "chart", viewBox: `0 0 ${W} ${height}`, role: "img", "aria-label": `timeline of ${events.length} events from ${formatDate(start)} to ${formatDate(end - 1)}` }, nodes);
}

/**
 * @param {HTMLElement} container
 * @param {readonly TimelineEvent[]} events
 * @param {number} now
 * @param {string | null} chosen
 */
export function renderTimeline(container, events, now, chosen) {
  const { start, end, bin } = timeRange(events, now);
  const per = bin === TIME.HOUR ? "hour" : `${bin / TIME.HOUR} hours`;
  container.replaceChildren(
    h("p", { class: "hint" }, [`Events per ${per} (UTC), ${formatDate(start)} to ${formatDate(end - 1)}. Each row is scaled to its own busiest bar; hover a bar for counts.`]),
    timelineChart(events, now, chosen),
    latestEvents(events, chosen),
  );
}

const LATEST = 15;

/**
 * The newest events as a list (the chosen badge's first), for reading what the chart shows.
 * @param {readonly TimelineEvent[]} events
 * @param {string | null} chosen
 */
export function latestEvents(events, chosen) {
  const newest = events.slice(-LATEST).reverse();
  const mine = chosen === null ? [] : events.filter((e) => e.badgeId === chosen).slice(-5).reverse();
  /** @param {TimelineEvent} e */
  const row = (e) =>
    h("tr", {}, [
      h("td", {}, [formatDateTime(e.at)]),
      h("td", {}, [(LANES.find((l) => l.kind === e.kind) ?? LANES[0]).one]),
      h("td", {}, [e.badgeId ?? ""]),
      h("td", {}, [e.detail]),
    ]);
  /** @param {string} caption @param {TimelineEvent[]} list */
  const table = (caption, list) =>
    h("table", { class: "events" }, [
      h("caption", {}, [caption]),
      h("thead", {}, [h("tr", {}, [h("th", { scope: "col" }, ["When (UTC)"]), h("th", { scope: "col" }, ["What"]), h("th", { scope: "col" }, ["Badge"]), h("th", { scope: "col" }, ["Detail"])])]),
      h("tbody", {}, list.map(row)),
    ]);
  return h("details", { class: "latest" }, [
    h("summary", {}, [`Latest events as a list`]),
    mine.length > 0 ? table(`Latest of badge ${chosen}`, mine) : null,
    table(`Latest ${newest.length} of all ${events.length}`, newest),
  ]);
}
