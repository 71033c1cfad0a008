import { describe, expect, it } from "vitest";
import { openStore } from "../../host/store/index.js";
import { createSimulatedDock, SERIAL_921600 } from "../../host/sync/index.js";
import { newBadge, windowRecord } from "./harness.js";

describe("simulated dock (the site simulator's entry point)", () => {
  it("enrolls once and syncs many times over fresh links, with one sync server for the badge's life", async () => {
    const badge = newBadge("site-7", 30);
    const store = openStore(":memory:");
    const dock = createSimulatedDock(badge);
    await dock.enroll(store, 1_767_225_600_000);
    const first = await dock.sync(store, { nowMs: 1_767_225_600_000, model: SERIAL_921600 });
    expect(first.recordsStored).toBe(30);
    expect(first.durationMs).toBeGreaterThan(0); // modelled link time
    for (let i = 30; i < 40; i++) badge.backend.append(windowRecord(i));
    const second = await dock.sync(store, { nowMs: 1_767_229_200_000, faults: { splitBytes: 5 } });
    expect(second.recordsStored).toBe(10);
    await expect(dock.sync(store, { faults: { cut: { direction: "toHost", frame: 3 } } })).rejects.toThrow(/link closed/);
    expect(dock.server.state()).toBe("idle");
  });
});
