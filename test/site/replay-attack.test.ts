import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSimulatedSite, type SiteSummary } from "../../host/site/run-site.js";
import { runCli } from "../cli/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "tcn-replay-site-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 30 badges, 3 days, seed 5: the reporter's team works on the floor, and the attacker plays its
// recording back three hours later beside a workstation of the same shift 46 m away.
const SITE = { badges: 30, days: 3, seed: 5 } as const;

describe("a replaying attacker on the simulated site", () => {
  let attacked: SiteSummary;
  let honest: SiteSummary;
  beforeAll(async () => {
    attacked = await runSimulatedSite({ ...SITE, home: join(dir, "attacked"), replayAttacker: {} });
    honest = await runSimulatedSite({ ...SITE, home: join(dir, "honest") });
  }, 240_000);

  it("records the reporter and plays its TCNs back hours later in another zone", () => {
    const a = attacked.replayAttacker!;
    expect(a.target).toBe(attacked.reporter);
    expect(a.delayMinutes).toBe(180);
    expect(a.playerDistanceMeters).toBeGreaterThan(20);
    expect(a.tcnsReplayed).toBeGreaterThan(20);
    expect(attacked.groundTruth.exposed).not.toContain(a.playerBeside);
  });

  it("a replayed TCN does not raise an alert while a genuine one still does", () => {
    const { withCheck, withoutCheck, suspectedReplays } = attacked.replayCheck;
    const exposed = new Set(attacked.groundTruth.exposed);
    const honestAlerts = new Set(honest.alerted);
    // Unchecked, the attack works: badges that met nobody are alerted, the worker beside the player first.
    const victims = withoutCheck.alerted.filter((id) => !honestAlerts.has(id));
    expect(victims).toContain(attacked.replayAttacker!.playerBeside);
    for (const id of victims) expect(exposed.has(id)).toBe(false);
    // Checked, the replayed sightings are set aside: the badges are alerted exactly as on the same
    // site without the attacker, every truly exposed badge it alerted included.
    expect(suspectedReplays).toBeGreaterThan(0);
    expect(withCheck.alerted).toEqual(honest.alerted);
    expect(honest.alerted.filter((id) => exposed.has(id)).length).toBeGreaterThan(0);
    // What the badges were told is the checked result.
    expect(attacked.alerted).toEqual(withCheck.alerted);
    expect(attacked.alertsDelivered).toBe(withCheck.alerts);
  });

  it("ground truth counts no replayed sighting as exposure: the same site without the attacker has the same exposed badges", () => {
    expect(attacked.reporter).toBe(honest.reporter);
    expect(attacked.groundTruth).toEqual(honest.groundTruth);
    expect(attacked.oracle).toEqual(honest.oracle);
  });

  it("leaves the site's own radio medium as it is without the attacker: the badges send and hear the same adverts", () => {
    expect(attacked.adverts).toEqual(honest.adverts);
  });

  it("without an attacker the check sets no sighting aside and changes no alert", () => {
    expect(honest.replayCheck.suspectedReplays).toBe(0);
    expect(honest.replayCheck.withCheck).toEqual(honest.replayCheck.withoutCheck);
    expect(honest.replayAttacker).toBeUndefined();
  });
});

describe("site options for the replay experiment", () => {
  it("with replayCheck false the badges are told the unchecked alerts, replayed ones included", async () => {
    // Two badges 1.8 m apart: the attacker plays the reporter's TCNs back beside the other's station
    // three hours later, where the reporter's own badge hears them too and, unchecked, is alerted by them.
    const s = await runSimulatedSite({ badges: 2, days: 2, seed: 7, home: join(dir, "unchecked"), replayAttacker: {}, replayCheck: false });
    expect(s.replayCheck.on).toBe(false);
    expect(s.replayCheck.withoutCheck.falseAlerts).toBeGreaterThan(s.replayCheck.withCheck.falseAlerts);
    expect(s.alerted).toEqual(s.replayCheck.withoutCheck.alerted);
  }, 120_000);

  it("site refuses --replay-delay without --replay-attacker with exit 2, and a delay out of range", () => {
    const r = runCli(["site", "--replay-delay", "30", "--home", join(dir, "refused")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--replay-delay sets the replaying attacker's delay: add --replay-attacker");
    expect(runCli(["site", "--replay-attacker", "--replay-delay", "-5"]).status).toBe(2);
  });

  it("site --replay-attacker --json gives the attack and the alerts with and without the check", () => {
    const r = runCli(["site", "--badges", "2", "--days", "2", "--seed", "7", "--replay-attacker", "--replay-delay", "120", "--home", join(dir, "cli"), "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.replayAttacker).toMatchObject({ target: s.reporter, delayMinutes: 120 });
    expect(s.replayCheck).toMatchObject({ on: true, withCheck: { alerts: expect.any(Number) }, withoutCheck: { falseAlerts: expect.any(Number) } });
    expect(s.replayCheck.suspectedReplays).toBeGreaterThan(0);
  }, 120_000);
});
