// Debian's chromium for the browser tests (scripts/ci-chromium.sh installs it), driven by playwright-core.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** TCN_CHROMIUM points elsewhere (another install, or a missing path to try the CI failure). */
export const CHROMIUM = process.env.TCN_CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_MISSING = `${CHROMIUM} is missing: run scripts/ci-chromium.sh (as root) to install Debian's chromium`;
export const chromiumPresent = existsSync(CHROMIUM);
export const chromiumRequired = ["true", "1"].includes(process.env.CI ?? "");

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/**
 * Runs in the page: pairs of elements matching `selector` inside `root` whose boxes overlap by more
 * than `slack` pixels both ways, as "text A / text B". Used for axis labels, lane labels and the
 * alert-line label (against the bars too, with `others`).
 */
export function overlapsInPage([root, selector, others, slack]: [string, string, string | null, number]): string[] {
  type Box = { left: number; right: number; top: number; bottom: number };
  type El = { textContent: string | null; getAttribute(n: string): string | null; getBoundingClientRect(): Box };
  const doc = (globalThis as unknown as { document: { querySelector(s: string): { querySelectorAll(s: string): El[] } | null } }).document;
  const scope = doc.querySelector(root);
  if (!scope) return [`no ${root}`];
  const labels = [...scope.querySelectorAll(selector)];
  const against = others === null ? labels : [...scope.querySelectorAll(others)];
  const name = (e: El) => e.textContent?.trim() || e.getAttribute("class") || "?";
  const hit = (a: Box, b: Box) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > slack && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > slack;
  const found: string[] = [];
  for (let i = 0; i < labels.length; i++) {
    for (let j = others === null ? i + 1 : 0; j < against.length; j++) {
      if (labels[i] === against[j]) continue;
      if (hit(labels[i].getBoundingClientRect(), against[j].getBoundingClientRect())) found.push(`${name(labels[i])} / ${name(against[j])}`);
    }
  }
  return found;
}
