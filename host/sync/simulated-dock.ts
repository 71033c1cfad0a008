// One call to sync a simulated badge: the site simulator (or anyone) gives the badge's backend
// and ports once, then enrolls and syncs it over fresh simulated links as often as it likes.
// The badge keeps one sync server for its life, as the firmware does.
import type { BadgeSyncBackend } from "../../firmware/sync/sync-backend.js";
import type { ButtonPort } from "../../firmware/ports/button.js";
import type { EntropyPort } from "../../firmware/ports/entropy.js";
import type { SettingsPort } from "../../firmware/ports/settings.js";
import { createSyncServer, type SyncServer } from "../../firmware/sync/sync-server.js";
import type { HostStore } from "../store/open-store.js";
import { enrollBadge, type EnrollSummary } from "./enroll-badge.js";
import { createSimulatedLink, INSTANT, type LinkFaults, type LinkModel, type SimulatedLink } from "./simulated-link.js";
import { syncBadge, type SyncOptions, type SyncSummary } from "./sync-badge.js";
import type { Transport } from "./transport.js";
import { VirtualClock } from "./virtual-clock.js";

export interface BadgeEndpoints {
  readonly backend: BadgeSyncBackend;
  readonly settings: SettingsPort;
  readonly entropy: EntropyPort;
  readonly button: ButtonPort;
}

export interface SimulatedDock {
  readonly server: SyncServer;
  /** A new link to the badge (the previous one, if any, is cut). */
  connect(options?: { model?: LinkModel; faults?: LinkFaults; record?: boolean }): { transport: Transport; link: SimulatedLink };
  /** Enroll over a new dock link, running the link in virtual time (host time = `nowMs`). */
  enroll(store: HostStore, nowMs?: number): Promise<EnrollSummary>;
  /** Sync over a new link in virtual time starting at `nowMs` (default: real now). */
  sync(store: HostStore, options?: SyncOptions & { nowMs?: number; model?: LinkModel; faults?: LinkFaults }): Promise<SyncSummary>;
}

export function createSimulatedDock(badge: BadgeEndpoints, options: { dock?: boolean } = {}): SimulatedDock {
  const server = createSyncServer({ ...badge, dock: options.dock ?? true });
  let current: SimulatedLink | null = null;
  let clock = new VirtualClock(Date.now());
  server.onSend((bytes) => current?.badge.send(bytes));

  const dock: SimulatedDock = {
    server,
    connect(linkOptions = {}) {
      current?.cut();
      const link = createSimulatedLink({ timers: clock, model: linkOptions.model ?? INSTANT, faults: linkOptions.faults, record: linkOptions.record });
      current = link;
      link.badge.onReceive((bytes) => server.receive(bytes));
      link.badge.onClose(() => {
        if (current === link) current = null;
        server.linkClosed();
      });
      return { transport: link.host, link };
    },
    async enroll(store, nowMs = Date.now()) {
      clock = new VirtualClock(nowMs);
      return clock.run(enrollBadge(dock.connect().transport, store, { timers: clock }));
    },
    async sync(store, syncOptions = {}) {
      clock = new VirtualClock(syncOptions.nowMs ?? Date.now());
      const { transport } = dock.connect({ model: syncOptions.model, faults: syncOptions.faults });
      return clock.run(syncBadge(transport, store, { ...syncOptions, timers: clock }));
    },
  };
  return dock;
}
