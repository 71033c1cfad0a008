// The site's replay experiment (issue 15, `site --replay-attacker`): an attacker records the worker
// who will report and plays the recording back hours later at a workstation in another zone, far
// from that worker. The target is known before the run by looking ahead at the ground truth (the
// site picks as reporter the worker with the most close contacts up to the report day).
import { GroundTruth } from "../sim/ground-truth.js";
import { SiteMovement } from "../sim/movement.js";
import type { RadioMedium } from "../sim/medium.js";
import { attackerAir, ReplayAttacker, type ReplayAttackerStats } from "../sim/replay-attacker.js";
import { DEFAULT_SITE_START_MS, type SiteOptions, type SiteRun } from "../sim/site-run.js";
import { busiestContact } from "./ground-truth-exposure.js";

export interface ReplayAttackOptions {
  /** Minutes from recording to playback; 0 relays live (which the check cannot catch). Default 180. */
  readonly delayMinutes?: number;
}

export const DEFAULT_REPLAY_DELAY_MINUTES = 180;

/** What the summary says of the attack. */
export interface ReplayAttackSummary extends ReplayAttackerStats {
  /** The worker recorded (the site's reporter, looked ahead). */
  readonly target: number;
  readonly delayMinutes: number;
  /** Where the player stood: the zone and the workstation's worker. */
  readonly playerZone: string;
  readonly playerBeside: number;
  readonly playerDistanceMeters: number;
}

export interface PlannedReplayAttack {
  readonly attacker: ReplayAttacker;
  /** The SiteOptions hook that gives the badges the air with the attacker in it. */
  readonly siteOptions: Pick<SiteOptions, "air">;
  start(site: SiteRun): void;
  summary(): ReplayAttackSummary;
}

/**
 * Plan the attack on the site `site` will be: the same options give the same movement. The player
 * stands beside the workstation farthest from the target's among the workers of the target's shift
 * in another zone, so the playback lands while they work, far from anyone who met the target.
 * Sites need at least two badges (the site command's minimum).
 */
export function planReplayAttack(site: SiteOptions, reportDay: number, options: ReplayAttackOptions = {}): PlannedReplayAttack {
  const delayMinutes = options.delayMinutes ?? DEFAULT_REPLAY_DELAY_MINUTES;
  const startMs = site.startMs ?? DEFAULT_SITE_START_MS;
  const movement = new SiteMovement({ badges: site.badges, seed: site.seed, startMs, ...(site.movement ?? {}) });
  const truth = new GroundTruth(movement, { startMs, ...(site.groundTruth ?? {}) });
  for (let day = 0; day <= reportDay; day++) truth.addDay(day);
  const { people, teams } = movement.workforce;
  const target = busiestContact(truth, people.map((p) => p.id));
  const targetTeam = teams[people[target].team];
  const from = people[target].station;
  // Far from the target while they work: the target's shift in another zone, else another team of
  // that shift, else anyone (a small site may have a single zone per shift).
  const others = people.filter((p) => p.id !== target);
  const sameShift = others.filter((p) => teams[p.team].shift === targetTeam.shift);
  const candidates = [sameShift.filter((p) => teams[p.team].zone !== targetTeam.zone), sameShift.filter((p) => p.team !== targetTeam.id), others].find((list) => list.length > 0)!;
  const distance = (p: (typeof people)[number]) => Math.hypot(p.station.x - from.x, p.station.y - from.y);
  const beside = candidates.reduce((best, p) => (distance(p) > distance(best) ? p : best));
  // Hidden half a metre from the workstation, under the bench.
  const x = beside.station.x + 0.5;
  const y = beside.station.y;
  const zone = movement.plan.zoneIndexAt(x, y);
  const attacker = new ReplayAttacker({ target, delayMs: delayMinutes * 60_000, playerAt: { x, y, zone }, playerRadioId: site.badges });
  let playerMedium: RadioMedium | null = null;
  return {
    attacker,
    siteOptions: {
      air: (medium, scheduler, positions) => {
        const built = attackerAir(attacker, medium, scheduler, positions, (site.seed ^ 0x5e91a7) >>> 0);
        playerMedium = built.playerMedium;
        return built.air;
      },
    },
    start: (run) => {
      if (playerMedium === null) throw new Error("replay attack: start it on the site built with its siteOptions");
      attacker.start(run.scheduler, playerMedium, run.positions, run.startMs);
    },
    summary: () => ({
      target,
      delayMinutes,
      playerZone: movement.plan.zones[zone].name,
      playerBeside: beside.id,
      playerDistanceMeters: Math.round(Math.hypot(x - from.x, y - from.y) * 10) / 10,
      ...attacker.stats,
    }),
  };
}
