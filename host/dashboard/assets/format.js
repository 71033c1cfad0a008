// @ts-check
// How times, drifts and levels read on the page. All times in UTC, like the data.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** @param {number} n */
const two = (n) => String(n).padStart(2, "0");

/** "Fri 20 Nov" @param {number} ms */
export function formatDate(ms) {
  const d = new Date(ms);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

/** "Fri 20 Nov 17:42" @param {number} ms */
export function formatDateTime(ms) {
  const d = new Date(ms);
  return `${formatDate(ms)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

/** A Unix day number as "Fri 20 Nov". @param {number} day */
export function formatDay(day) {
  return formatDate(day * DAY);
}

/** A Unix hour number as "Fri 20 Nov, 12:00–13:00 UTC". @param {number} hour */
export function formatHour(hour) {
  const start = new Date(hour * HOUR).getUTCHours();
  return `${formatDate(hour * HOUR)}, ${two(start)}:00–${two((start + 1) % 24)}:00 UTC`;
}

/** "3 h ago", "2 d ago". @param {number | null} at @param {number} now */
export function formatAgo(at, now) {
  if (at === null) return "never";
  const ms = now - at;
  if (ms < 0) return "in the future";
  if (ms < 60_000) return "just now";
  if (ms < HOUR) return `${Math.round(ms / 60_000)} min ago`;
  if (ms < 2 * DAY) return `${Math.round(ms / HOUR)} h ago`;
  return `${Math.round(ms / DAY)} d ago`;
}

/** "+1.2 s", "−340 ms". @param {number | null} ms */
export function formatDrift(ms) {
  if (ms === null) return "–";
  const sign = ms > 0 ? "+" : ms < 0 ? "−" : "±";
  const abs = Math.abs(ms);
  return abs >= 1000 ? `${sign}${(abs / 1000).toFixed(1)} s` : `${sign}${Math.round(abs)} ms`;
}

/** @param {number} minutes */
export function formatMinutes(minutes) {
  return minutes >= 100 ? String(Math.round(minutes)) : minutes.toFixed(1);
}

/** @param {string} level */
export function levelText(level) {
  return level === "alert" ? "Alert" : level === "advisory" ? "Advisory" : "None";
}

export const TIME = { HOUR, DAY };
