import { describe, expect, it } from "vitest";
import { TcnError } from "../../firmware/core/errors.js";
import { BadgeAppError } from "../../firmware/app/errors.js";
import { BadgeConfigError } from "../../firmware/app/config.js";
import { FlashLogError } from "../../firmware/log/errors.js";
import { SyncError, SyncErrorCode } from "../../firmware/sync/errors.js";
import { FlashMisuse, PowerCut } from "../../firmware/platform/sim/flash-faults.js";
import { PortError } from "../../firmware/platform/moddable/errors.js";

describe("firmware errors under Moddable's frozen built-ins", () => {
  it("every firmware error class can be thrown where Error.prototype is frozen, and keeps its name", () => {
    // Moddable freezes the built-ins; `this.name = ...` then throws "set name: not writable" and
    // turns every error the badge raises into a TypeError (seen under mcsim). This file's own
    // process freezes them the same way.
    Object.freeze(Error.prototype);
    const made: [Error, string][] = [
      [new TcnError("truncated", "x"), "TcnError"],
      [new BadgeAppError("busy" as never, "x"), "BadgeAppError"],
      [new BadgeConfigError("scanWindowSeconds" as never, "x"), "BadgeConfigError"],
      [new FlashLogError("bad-payload" as never, "x"), "FlashLogError"],
      [new SyncError(SyncErrorCode.BadMessage, "x"), "SyncError"],
      [new PowerCut("x" as never), "PowerCut"],
      [new FlashMisuse("x" as never, "x" as never), "FlashMisuse"],
      [new PortError("bad-argument", "x"), "PortError"],
    ];
    for (const [error, name] of made) {
      expect(error.name).toBe(name);
      expect(error).toBeInstanceOf(Error);
    }
  });
});
