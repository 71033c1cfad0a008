import { describe, expect, it } from "vitest";
import { PortError } from "../../firmware/platform/moddable/errors.js";

describe("adapter errors on Moddable's frozen built-ins", () => {
  it("PortError can be created where Error.prototype is frozen, as Moddable freezes it (no override mistake on `name`)", () => {
    // Moddable runs apps with the built-ins frozen; `this.name = ...` in an Error subclass then
    // throws "set name: not writable" (seen under mcsim). Freeze here, in this test's own process.
    Object.freeze(Error.prototype);
    const error = new PortError("bad-partition", "flash partition \"storage\" is 0 bytes");
    expect(error.name).toBe("PortError");
    expect(error.code).toBe("bad-partition");
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toBe('PortError: flash partition "storage" is 0 bytes');
  });
});
