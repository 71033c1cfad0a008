// A site's radio environment as a choice (`site`/`sim --rssi-at-1m --path-loss-exponent`): the RSSI
// at 1 m goes straight into the radio model; the path-loss exponent is the open floor's, and every
// other zone keeps its ratio to the floor (DEFAULT_EXPONENTS: floor 2.2, assembly 3.0, dock 2.0 …),
// so a site with n = 3.0 on the floor has proportionally denser racks and machines too.
import { DEFAULT_RADIO, type RadioParameters } from "./radio-model.js";
import { DEFAULT_EXPONENTS, type ZoneKind } from "./site-plan.js";

export interface RadioEnvironment {
  /** Mean RSSI at 1 m (dBm); default DEFAULT_RADIO's. */
  readonly rssiAt1mDbm?: number;
  /** Path-loss exponent of the open floor; default DEFAULT_EXPONENTS.floor. */
  readonly pathLossExponent?: number;
}

export const RSSI_AT_1M_RANGE = { min: -90, max: -30 } as const;
export const PATH_LOSS_EXPONENT_RANGE = { min: 1.5, max: 4.5 } as const;

/** Every zone's exponent scaled so the open floor gets `floorExponent`. */
export function zoneExponentsFor(floorExponent: number): Record<ZoneKind, number> {
  const scale = floorExponent / DEFAULT_EXPONENTS.floor;
  const out = {} as Record<ZoneKind, number>;
  for (const [zone, n] of Object.entries(DEFAULT_EXPONENTS) as [ZoneKind, number][]) out[zone] = Math.round(n * scale * 1000) / 1000;
  return out;
}

/** The radio-model overrides and zone exponents of an environment (empty when nothing was chosen). */
export function environmentSimOptions(env: RadioEnvironment): { radio: Partial<RadioParameters>; movement: { exponents?: Record<ZoneKind, number> } } {
  return {
    radio: env.rssiAt1mDbm === undefined ? {} : { rssiAt1mDbm: env.rssiAt1mDbm },
    movement: env.pathLossExponent === undefined ? {} : { exponents: zoneExponentsFor(env.pathLossExponent) },
  };
}

/** The environment in effect, defaults filled in (for summaries). */
export function effectiveEnvironment(env: RadioEnvironment): Required<RadioEnvironment> {
  return { rssiAt1mDbm: env.rssiAt1mDbm ?? DEFAULT_RADIO.rssiAt1mDbm, pathLossExponent: env.pathLossExponent ?? DEFAULT_EXPONENTS.floor };
}
