import { describe, expect, it } from "vitest";
import { effectiveEnvironment, environmentSimOptions, zoneExponentsFor } from "../../host/sim/radio-environment.js";
import { DEFAULT_EXPONENTS } from "../../host/sim/site-plan.js";
import { DEFAULT_RADIO } from "../../host/sim/radio-model.js";
import { SitePlan } from "../../host/sim/site-plan.js";

describe("the radio environment as a choice", () => {
  it("gives the open floor the chosen exponent and keeps every zone's ratio to the floor", () => {
    const n = zoneExponentsFor(3.0);
    expect(n.floor).toBeCloseTo(3.0, 6);
    for (const zone of Object.keys(DEFAULT_EXPONENTS) as (keyof typeof DEFAULT_EXPONENTS)[]) {
      expect(n[zone] / n.floor).toBeCloseTo(DEFAULT_EXPONENTS[zone] / DEFAULT_EXPONENTS.floor, 2);
    }
    const plan = new SitePlan({ badges: 20, exponents: environmentSimOptions({ pathLossExponent: 1.8 }).movement.exponents });
    expect(plan.zone("floor").pathLossExponent).toBeCloseTo(1.8, 6);
  });

  it("changes nothing when nothing is chosen, and reports the defaults in effect", () => {
    expect(environmentSimOptions({})).toEqual({ radio: {}, movement: {} });
    expect(effectiveEnvironment({})).toEqual({ rssiAt1mDbm: DEFAULT_RADIO.rssiAt1mDbm, pathLossExponent: DEFAULT_EXPONENTS.floor });
    expect(environmentSimOptions({ rssiAt1mDbm: -65 }).radio).toEqual({ rssiAt1mDbm: -65 });
  });
});
