// @ts-check
// The page: loads the fleet, timeline and site once, then follows the chosen badge and hour
// (kept in the address's #fragment so a reload or a shared link shows the same view).
import { getJson } from "./api.js";
import { renderExposure } from "./exposure.js";
import { fleetSummary, renderFleet, renderSummary, sortFleet } from "./fleet.js";
import { formatDateTime, formatHour } from "./format.js";
import { BADGE_PANELS, FLEET_PANELS, renderPanels } from "./panels.js";
import { h, replace } from "./svg.js";
import { BUSY_HOUR_PAIRS, contactList, siteMap } from "./site-map.js";
import { renderTimeline } from "./timeline.js";
import { loadProximityWarnings } from "./proximity-warnings.js";

/** @typedef {import("../data.js").DashboardInfo & { server: { host: string, port: number, loopback: boolean } }} Info */
/** @typedef {import("../data.js").BadgeRow} BadgeRow */
/** @typedef {import("../data.js").TimelineEvent} TimelineEvent */
/** @typedef {import("../data.js").SiteView} SiteView */
/** @typedef {import("../data.js").SiteHour} SiteHour */

/** @param {string} id */
function byId(id) {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`the page has no #${id}`);
  return node;
}

const state = {
  /** @type {Info | null} */ info: null,
  /** @type {BadgeRow[]} */ fleet: [],
  /** @type {TimelineEvent[]} */ timeline: [],
  /** @type {SiteView | null} */ site: null,
  /** @type {SiteHour | null} */ hour: null,
  /** @type {string | null} */ chosen: null,
  hourIndex: 0,
  /** @type {import("./fleet.js").FleetSort} */ sort: { key: "level", reversed: false },
  filter: "",
};

/** @param {import("./fleet.js").FleetSort} sort */
function sortBy(sort) {
  state.sort = sort;
  renderFleetAndTimeline();
}

/** @param {unknown} error */
function showProblem(error) {
  const node = byId("problem");
  node.textContent = `The dashboard could not load its data: ${error instanceof Error ? error.message : String(error)}. Is the tcn-badge dashboard command still running?`;
  node.hidden = false;
}

function readFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  return { badge: params.get("badge"), hour: params.get("hour") };
}

function writeFragment() {
  const params = new URLSearchParams();
  if (state.chosen !== null) params.set("badge", state.chosen);
  if (state.site !== null && state.site.hours.length > 0) params.set("hour", String(state.site.hours[state.hourIndex]));
  history.replaceState(null, "", `#${params}`);
}

function renderHeader() {
  const info = /** @type {Info} */ (state.info);
  byId("site-name").textContent = `· ${info.siteName}`;
  byId("data-source").textContent = `Data as of ${formatDateTime(info.now)} UTC · from ${info.source}`;
  document.title = `tcn-badge fleet · ${info.siteName}`;
  renderSummary(byId("summary"), fleetSummary(state.fleet, info.now));
  renderPanels(byId("fleet-panels"), FLEET_PANELS, info);
  const where = `${info.server.host}:${info.server.port}`;
  byId("footer").replaceChildren(
    info.server.loopback
      ? h("span", {}, [h("b", {}, ["Local only:"]), ` served on ${where} (loopback), so only this computer can open it. `])
      : h("span", {}, [h("b", {}, ["Reachable from the network:"]), ` served on ${where}, not loopback; anyone who can reach this address sees the fleet. `]),
    `Read-only: nothing on this page changes data. Times in UTC. Checks for new data every ${Math.round(REFRESH_MS / 1000)} s.`,
  );
}

function renderFleetAndTimeline() {
  const info = /** @type {Info} */ (state.info);
  renderFleet(byId("fleet"), state.fleet, { now: info.now, chosen: state.chosen, sort: state.sort, filter: state.filter }, { onChoose: choose, onSort: sortBy });
  renderTimeline(byId("timeline"), state.timeline, info.now, state.chosen);
}

async function renderBadge() {
  const info = /** @type {Info} */ (state.info);
  const container = byId("badge");
  if (state.chosen === null) {
    renderExposure(container, null, info);
    byId("badge-panels").hidden = true;
    return;
  }
  const detail = await getJson(`/api/badge/${encodeURIComponent(state.chosen)}`);
  renderExposure(container, detail, info);
  renderPanels(byId("badge-panels"), BADGE_PANELS, detail);
}

function renderSite() {
  const view = state.site;
  const hour = state.hour;
  if (view === null || hour === null) return;
  /** @param {string} id */
  const checked = (id) => /** @type {HTMLInputElement} */ (byId(id)).checked;
  const show = { truth: checked("show-truth"), detected: checked("show-detected"), onlyChosen: checked("only-chosen") };
  byId("hour-label").textContent = formatHour(hour.hour);
  byId("site-map").replaceChildren(siteMap(view, hour, state.chosen, show));
  replace(byId("contacts"), ...contactList(hour, state.chosen));
}

async function loadHour() {
  if (state.site === null || state.site.hours.length === 0) return;
  const wanted = state.site.hours[state.hourIndex];
  const hour = await getJson(`/api/site/hour/${wanted}`);
  if (state.site.hours[state.hourIndex] !== wanted) return; // the slider moved on meanwhile
  state.hour = hour;
  renderSite();
}

/** @param {Promise<unknown>} work */
function settle(work) {
  document.body.dataset.state = "loading";
  work.then(
    () => (document.body.dataset.state = "ready"),
    (error) => {
      document.body.dataset.state = "failed";
      showProblem(error);
    },
  );
}

/** @param {string} id */
function choose(id) {
  state.chosen = id;
  writeFragment();
  renderFleetAndTimeline();
  renderSite();
  settle(renderBadge());
}

async function start() {
  const [info, fleet, timeline, site] = await Promise.all([getJson("/api/info"), getJson("/api/fleet"), getJson("/api/timeline"), getJson("/api/site")]);
  Object.assign(state, { info, fleet, timeline, site });
  const wanted = readFragment();
  const ids = new Set(state.fleet.map((b) => b.id));
  state.chosen = wanted.badge !== null && ids.has(wanted.badge) ? wanted.badge : (sortFleet(state.fleet).find((b) => b.level !== "none") ?? state.fleet[0])?.id ?? null;
  renderHeader();
  renderFleetAndTimeline();
  const search = /** @type {HTMLInputElement} */ (byId("fleet-filter"));
  search.addEventListener("input", () => {
    state.filter = search.value;
    renderFleet(byId("fleet"), state.fleet, { now: /** @type {Info} */ (state.info).now, chosen: state.chosen, sort: state.sort, filter: state.filter }, { onChoose: choose, onSort: sortBy });
  });
  if (site !== null && site.hours.length > 0) {
    byId("site-section").hidden = false;
    // A long, narrow floor reads better across the whole width, with the list below it.
    byId("site-body").classList.toggle("wide", site.width / Math.max(1, site.height) > 2.2);
    const slider = /** @type {HTMLInputElement} */ (byId("hour"));
    const fromFragment = wanted.hour === null ? -1 : site.hours.indexOf(Number(wanted.hour));
    // Without a chosen hour, open on 10:00 UTC of the first day: midnight shows an empty floor.
    const midMorning = site.hours.findIndex((/** @type {number} */ h) => h % 24 === 10);
    state.hourIndex = fromFragment >= 0 ? fromFragment : Math.max(0, midMorning);
    slider.max = String(site.hours.length - 1);
    slider.value = String(state.hourIndex);
    slider.setAttribute("aria-valuetext", formatHour(site.hours[state.hourIndex]));
    slider.addEventListener("input", () => {
      state.hourIndex = Number(slider.value);
      slider.setAttribute("aria-valuetext", formatHour(site.hours[state.hourIndex]));
      byId("hour-label").textContent = formatHour(site.hours[state.hourIndex]);
      writeFragment();
      settle(loadHour());
    });
    for (const id of ["show-truth", "show-detected", "only-chosen"]) byId(id).addEventListener("change", renderSite);
    await loadHour();
    const busy = state.hour !== null && state.hour.groundTruth.length + state.hour.detected.length > BUSY_HOUR_PAIRS;
    /** @type {HTMLInputElement} */ (byId("only-chosen")).checked = busy;
    if (busy) renderSite();
  }
  writeFragment();
  await renderBadge();
  await loadProximityWarnings(byId("warnings-section"), byId("warnings"));
  window.addEventListener("hashchange", followFragment);
}

/** A link or the back button changed the #fragment: show what it names. */
function followFragment() {
  const wanted = readFragment();
  if (state.site !== null && wanted.hour !== null) {
    const index = state.site.hours.indexOf(Number(wanted.hour));
    if (index >= 0 && index !== state.hourIndex) {
      state.hourIndex = index;
      /** @type {HTMLInputElement} */ (byId("hour")).value = String(index);
      settle(loadHour());
    }
  }
  if (wanted.badge !== null && wanted.badge !== state.chosen && state.fleet.some((b) => b.id === wanted.badge)) choose(wanted.badge);
}

/** How often the page asks whether the data moved on; ?refresh=<seconds> in the address changes it. */
const REFRESH_MS = Math.max(1, Number(new URLSearchParams(location.search).get("refresh") ?? 10)) * 1000;
let version = "";

/**
 * A live store moved on (a sync, a scoring run): show the new data where the reader is. The chosen
 * badge, hour, sort, filter and #fragment stay; the scroll positions of the page and of every
 * scrolling box are put back; focus returns to the same badge's button.
 */
async function refresh() {
  const next = /** @type {{ version: string }} */ (await getJson("/api/version")).version;
  if (next === version) return;
  const first = version === "";
  version = next;
  if (first) return;
  const [info, fleet, timeline] = await Promise.all([getJson("/api/info"), getJson("/api/fleet"), getJson("/api/timeline")]);
  const scrolls = [...document.querySelectorAll(".scroll")].map((node) => [node, node.scrollTop, node.scrollLeft]);
  const pageAt = [window.scrollX, window.scrollY];
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.closest("tr[data-badge]")?.getAttribute("data-badge") : null;
  Object.assign(state, { info, fleet, timeline });
  renderHeader();
  renderFleetAndTimeline();
  await Promise.all([renderBadge(), loadHour()]);
  for (const [node, top, left] of /** @type {[Element, number, number][]} */ (scrolls)) {
    node.scrollTop = top;
    node.scrollLeft = left;
  }
  window.scrollTo(pageAt[0], pageAt[1]);
  if (focused) /** @type {HTMLElement | null} */ (document.querySelector(`tr[data-badge="${CSS.escape(focused)}"] button`))?.focus({ preventScroll: true });
  document.body.dataset.refreshed = String(Number(document.body.dataset.refreshed ?? 0) + 1);
}

function keepFresh() {
  const tick = () => refresh().then(schedule, schedule);
  const schedule = () => setTimeout(tick, REFRESH_MS);
  tick();
}

settle(start().then(keepFresh));
