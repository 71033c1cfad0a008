// Every CLI command group registers itself here: one line per group.
import type { Command } from "commander";
import { registerTcnCommands } from "./tcn.js";
import { registerReportCommands } from "./report.js";
import { registerServerCommand } from "./server.js";
import { registerFetchCommand } from "./fetch.js";
import { registerMatchCommand } from "./match.js";
import { registerExposuresCommand } from "./exposures.js";
import { registerDashboardCommand } from "./dashboard.js";
import { registerSimCommand } from "./sim.js";
import { registerEnrollCommand } from "./enroll.js";
import { registerSyncCommand } from "./sync.js";
import { registerBadgesCommand } from "./badges.js";
import { registerSiteCommand } from "./site.js";
import { registerCalibrateCommands } from "./calibrate.js";
import { registerAuthorityCommands } from "./authority.js";
import { registerEnergyCommand } from "./energy.js";

export const commandRegistrars: ReadonlyArray<(program: Command) => void> = [
  registerTcnCommands,
  registerReportCommands,
  registerServerCommand,
  registerFetchCommand,
  registerMatchCommand,
  registerExposuresCommand,
  registerDashboardCommand,
  registerSimCommand,
  registerEnrollCommand,
  registerSyncCommand,
  registerBadgesCommand,
  registerSiteCommand,
  registerCalibrateCommands,
  registerAuthorityCommands,
  registerEnergyCommand,
];
