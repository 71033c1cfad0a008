// Which badges come to the dock at the end of a shift: the members of the teams on that shift
// who worked that day (a team's days off are weekdays counted from the site's first day).
import type { Workforce } from "../sim/workforce.js";

export function badgesOnShift(workforce: Workforce, day: number, shift: number): number[] {
  const out: number[] = [];
  for (const team of workforce.teams) {
    if (team.shift !== shift || team.daysOff.includes(day % 7)) continue;
    out.push(...team.members);
  }
  return out.sort((a, b) => a - b);
}
