// @ts-check
// The simulated site's floor: zones, each badge's track over the chosen hour, and contacts as
// circles where the two badges came closest (ground truth filled green, detected a dashed purple
// ring; the size grows with the minutes), with the same pairs side by side in a list.
import { h, s, title, colourFor } from "./svg.js";
import { formatDay, formatHour } from "./format.js";

/** @typedef {import("../data.js").SiteView} SiteView */
/** @typedef {import("../data.js").SiteHour} SiteHour */
/** @typedef {import("../data.js").PairContact} PairContact */

const MAP_W = 760;
/** A long floor spans the whole card: draw it in more units so its text keeps its size. */
const WIDE_MAP_W = 1200;
const ZONE_FILL = { floor: "#eef3f8", assembly: "#f3eef8", dock: "#eef8f1", corridor: "#f7f7f2", "break-room": "#fbf3e6", entrance: "#f1f1f1" };
const TRUTH = "#2e7d32";
const DETECTED = "#7b1fa2";
const LIST_LIMIT = 200;
/** Above this many pairs the map shows only the chosen badge's contacts at first. */
export const BUSY_HOUR_PAIRS = 150;
/** Above this many tracks the others fade so the chosen one, the zones and the contacts stay readable. */
export const CROWDED_TRACKS = 25;

/** @param {string} a @param {string} b */
const pairKey = (a, b) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/**
 * Ground truth and detected contacts of an hour joined by pair, longest first.
 * @param {SiteHour} hour
 */
export function comparePairs(hour) {
  /** @type {Map<string, { a: string, b: string, truth: number | null, detected: number | null }>} */
  const pairs = new Map();
  for (const c of hour.groundTruth) pairs.set(pairKey(c.a, c.b), { a: c.a, b: c.b, truth: c.minutes, detected: null });
  for (const c of hour.detected) {
    const key = pairKey(c.a, c.b);
    const known = pairs.get(key);
    if (known) known.detected = c.minutes;
    else pairs.set(key, { a: c.a, b: c.b, truth: null, detected: c.minutes });
  }
  return [...pairs.values()].sort((x, y) => Math.max(y.truth ?? 0, y.detected ?? 0) - Math.max(x.truth ?? 0, x.detected ?? 0) || pairKey(x.a, x.b).localeCompare(pairKey(y.a, y.b)));
}

/**
 * Where two tracks came closest (the midpoint), matching points by time.
 * @param {readonly import("../data.js").TrackPoint[]} p
 * @param {readonly import("../data.js").TrackPoint[]} q
 */
export function closestApproach(p, q) {
  let best = { d: Infinity, x: 0, y: 0 };
  let j = 0;
  for (const a of p) {
    while (j + 1 < q.length && Math.abs(q[j + 1].t - a.t) <= Math.abs(q[j].t - a.t)) j++;
    const b = q[j];
    if (b === undefined) break;
    const d = Math.hypot(a.x - b.x, a.y - b.y);
    if (d < best.d) best = { d, x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  }
  return best.d === Infinity ? null : best;
}

/**
 * @param {SiteView} view
 * @param {SiteHour} hour
 * @param {string | null} chosen
 * @param {{ truth: boolean, detected: boolean, onlyChosen: boolean }} show
 */
export function siteMap(view, hour, chosen, show) {
  const k = (view.width / Math.max(1, view.height) > 2.2 ? WIDE_MAP_W : MAP_W) / view.width;
  /** @param {number} v */
  const u = (v) => Math.round(v * k * 10) / 10;
  const nodes = [s("rect", { class: "site-map-back", x: 0, y: 0, width: u(view.width), height: u(view.height) })];
  const zoneLabels = [];
  for (const z of view.zones) {
    nodes.push(s("rect", { class: "zone", x: u(z.x), y: u(z.y), width: u(z.w), height: u(z.h), fill: ZONE_FILL[/** @type {keyof typeof ZONE_FILL} */ (z.name)] ?? "#f4f6f8", stroke: "#aab4bf" }));
    // Drawn over the tracks, with a white halo, so a busy floor never hides which zone is which.
    zoneLabels.push(s("text", { class: "site-map-zone-label", x: u(z.x) + 6, y: u(z.y) + 15, "font-size": 12, "font-weight": 600, fill: "#5b6673" }, [z.name]));
  }
  const crowded = hour.tracks.length > CROWDED_TRACKS;
  const tracks = new Map(hour.tracks.map((t) => [t.badgeId, t]));
  const ordered = hour.tracks.slice().sort((a, b) => Number(a.badgeId === chosen) - Number(b.badgeId === chosen));
  for (const track of ordered) {
    if (track.points.length === 0) continue;
    const isChosen = track.badgeId === chosen;
    const colour = isChosen ? "#1d232b" : colourFor(track.badgeId);
    const last = track.points[track.points.length - 1];
    nodes.push(
      // On a crowded floor the tracks fade but each badge's position at the hour's end stays clear.
      s("g", { class: "track", "data-badge": track.badgeId }, [
        title(`badge ${track.badgeId}`),
        s("polyline", { points: track.points.map((p) => `${u(p.x)},${u(p.y)}`).join(" "), fill: "none", stroke: colour, "stroke-width": isChosen ? 3 : crowded ? 1 : 1.3, "stroke-linejoin": "round", opacity: isChosen || (chosen === null && !crowded) ? 0.9 : crowded ? 0.18 : 0.45 }),
        s("circle", { cx: u(last.x), cy: u(last.y), r: isChosen ? 5 : 3, fill: colour, opacity: isChosen || crowded || chosen === null ? 0.9 : 0.45 }),
      ]),
    );
  }
  const marks = [];
  for (const pair of comparePairs(hour)) {
    if (show.onlyChosen && chosen !== null && pair.a !== chosen && pair.b !== chosen) continue;
    const a = tracks.get(pair.a);
    const b = tracks.get(pair.b);
    const at = a && b ? closestApproach(a.points, b.points) : null;
    if (at === null) continue;
    const tip = `${pair.a} – ${pair.b}: ground truth ${pair.truth ?? 0} min, detected ${pair.detected ?? 0} min`;
    /** @param {number} minutes */
    const r = (minutes) => Math.round((2.5 + Math.sqrt(minutes)) * 10) / 10;
    if (show.truth && pair.truth !== null) marks.push(s("circle", { class: "contact-truth", cx: u(at.x), cy: u(at.y), r: r(pair.truth), fill: TRUTH, "fill-opacity": 0.22, stroke: TRUTH }, [title(tip)]));
    if (show.detected && pair.detected !== null) marks.push(s("circle", { class: "contact-detected", cx: u(at.x), cy: u(at.y), r: r(pair.detected) + 1.5, fill: "none", stroke: DETECTED, "stroke-width": 1.6, "stroke-dasharray": "3 2" }, [title(tip)]));
  }
  const chosenTrack = chosen === null ? undefined : tracks.get(chosen);
  if (chosenTrack && chosenTrack.points.length > 0) {
    const last = chosenTrack.points[chosenTrack.points.length - 1];
    marks.push(s("text", { class: "chosen-label", x: u(last.x) + 8, y: u(last.y) - 8, "font-size": 13, "font-weight": 700, fill: "#1d232b", stroke: "#fff", "stroke-width": 3, "paint-order": "stroke" }, [chosen]));
  }
  return s("svg", { class: "chart", viewBox: `0 0 ${u(view.width)} ${u(view.height)}`, role: "img", "aria-label": `floor map, ${hour.tracks.length} badge tracks for ${formatHour(hour.hour)}` }, [...nodes, ...zoneLabels, ...marks]);
}

/**
 * @param {SiteHour} hour
 * @param {string | null} chosen
 */
export function contactList(hour, chosen) {
  const pairs = comparePairs(hour);
  const both = pairs.filter((p) => p.truth !== null && p.detected !== null).length;
  const mine = chosen === null ? pairs : [...pairs.filter((p) => p.a === chosen || p.b === chosen), ...pairs.filter((p) => p.a !== chosen && p.b !== chosen)];
  return [
    h("div", { class: "legend" }, [h("span", { class: "l-truth" }, ["ground truth (within 2 m)"]), h("span", { class: "l-detected" }, ["detected by the badges"]), h("span", { class: "note" }, ["circle size: minutes; placed where the pair came closest"])]),
    h("p", { class: "hint" }, [
      hour.contactsSpan === "day" ? `Contacts of the whole day (${formatDay(Math.floor(hour.hour / 24))}); circles where each pair came closest in this hour. ` : "Contacts in this hour. ",
      `${hour.groundTruth.length} ground-truth pairs, ${hour.detected.length} detected, ${both} in both.`,
    ]),
    pairs.length === 0
      ? h("p", { class: "empty" }, ["No contacts in this hour."])
      : h("div", { class: "scroll" }, [
          h("table", { "aria-label": "contacts in this hour: ground truth beside detected" }, [
            h("thead", {}, [h("tr", {}, [h("th", { scope: "col" }, ["Pair"]), h("th", { scope: "col", class: "num" }, ["Truth min"]), h("th", { scope: "col", class: "num" }, ["Detected min"])])]),
            h(
              "tbody",
              {},
              mine.slice(0, LIST_LIMIT).map((p) =>
                h("tr", { class: chosen !== null && (p.a === chosen || p.b === chosen) ? "contact-row mine" : "contact-row" }, [
                  h("td", {}, [`${p.a} – ${p.b}`, p.detected === null ? h("span", { class: "tag missed" }, ["missed"]) : null, p.truth === null ? h("span", { class: "tag extra" }, ["not in truth"]) : null]),
                  h("td", { class: "num" }, [p.truth === null ? "–" : String(p.truth)]),
                  h("td", { class: "num" }, [p.detected === null ? "–" : String(p.detected)]),
                ]),
              ),
            ),
          ]),
        ]),
    pairs.length > LIST_LIMIT ? h("p", { class: "hint" }, [`Showing ${LIST_LIMIT} of ${pairs.length} pairs${chosen === null ? "" : `, ${chosen}'s first`}.`]) : null,
  ];
}
