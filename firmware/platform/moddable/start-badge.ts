// What every target's main does once its ports are open: start the badge app on them, put a sync
// server on each host link (the dock's serial link accepts enrollment, BLE does not), and trace
// the start-up markers scripts/check-moddable.mjs looks for on the simulator's stdout.
import { createBadgeApp, type BadgeApp, type BadgeConfig } from "../../app/index.js";
import { toHex } from "../../core/bytes.js";
import { FlashLog } from "../../log/index.js";
import type { BadgePorts, LinkPort } from "../../ports/index.js";
import { createSyncServer, type SyncServer } from "../../sync/index.js";

export const MARKER_PORTS_OPENED = "tcn-badge: ports opened";
export const MARKER_FIRST_TCN = "tcn-badge: first TCN";
export const MARKER_FAILED = "tcn-badge: start failed";

export interface HostLink {
  readonly link: LinkPort;
  /** The USB dock: the only link on which a badge may be enrolled. */
  readonly dock: boolean;
}

export interface StartedBadge {
  readonly app: BadgeApp;
  readonly syncServers: readonly SyncServer[];
}

export function startBadge(ports: BadgePorts, hostLinks: readonly HostLink[], log: (line: string) => void, config: Partial<BadgeConfig> = {}): StartedBadge {
  log(`${MARKER_PORTS_OPENED}: flash ${ports.flash.byteLength} bytes in ${ports.flash.blockSize}-byte sectors, ${hostLinks.length} host link(s)`);
  const app = createBadgeApp(ports, config, {
    openLog: (flash, options) => FlashLog.open(flash, { policy: options.policy, nearlyFullFraction: options.nearlyFullFraction }),
  });
  let first = true;
  app.onTcnChange((tcn, index, rakId) => {
    if (first) log(`${MARKER_FIRST_TCN} ${toHex(tcn)} (rak ${rakId}, index ${index})`);
    first = false;
  });
  const syncServers = hostLinks.map(({ link, dock }) =>
    createSyncServer({ backend: app.syncBackend, settings: ports.settings, entropy: ports.entropy, button: ports.button, dock, link }),
  );
  app.start();
  return { app, syncServers };
}

/** Run `start`, and if it throws, say so on the trace before XS aborts: a silent badge is worse. */
export function traced<T>(log: (line: string) => void, start: () => T): T {
  try {
    return start();
  } catch (error) {
    log(`${MARKER_FAILED}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    throw error;
  }
}
