// The site summary's line on the "too close" warning, and the --warn-distance option's parser.
import { UsageError } from "../cli/errors.js";
import type { ProximityWarningMeasure } from "./proximity-warnings.js";

export function describeSiteWarnings(m: ProximityWarningMeasure): string {
  const pct = (x: number | null) => (x === null ? "-" : `${(x * 100).toFixed(1)}%`);
  return [
    `  too-close warning (${m.distanceMeters} m = ${m.rssiDbm} dBm by the calibration${m.marginDb === 0 ? "" : ` ${m.marginDb > 0 ? "+" : ""}${m.marginDb} dB`}, held ${m.seconds} s): ${m.warnings} warning(s), ` +
      `true alarms ${pct(m.trueAlarmRate)}, false alarms ${pct(m.falseAlarmRate)} (${m.farAlarms} beyond ${2 * m.distanceMeters} m)`,
    `    ${m.episodes} holds truly within ${m.distanceMeters} m for >= ${m.seconds} s, ${m.episodesWarned} warned (${pct(m.detectionRate)})`,
  ].join("\n");
}

export function parseWarnDistance(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n >= 0.5 && n <= 10)) throw new UsageError(`--warn-distance takes meters from 0.5 to 10, got "${value}"`);
  return n;
}
