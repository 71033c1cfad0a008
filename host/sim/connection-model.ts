// A TCN exchange over a BLE connection in the simulated radio (docs/connection-mode.md): how long
// it takes, whether it completes, and the RSSI the central reads. Built on the advert physics of
// radio-model.ts: the pair's encounter RSSI (path loss + shadowing + body blocking) sets every
// packet's reception chance, and the exchange needs a fixed chain of link-layer PDUs, each retried
// at the next connection event until the supervision timeout.
import { receptionProbabilityWithJitter, type RadioParameters } from "./radio-model.js";
import type { Rng } from "./random.js";

export interface ConnectionParameters {
  /** Peer's advertising interval (ms): the central waits for one of its adverts to send CONNECT_IND. */
  readonly peerAdvertIntervalMs: number;
  /** Connection interval (ms); each PDU of the chain takes one event when it gets through. */
  readonly connectionIntervalMs: number;
  /** PDUs that must each get through: CONNECT_IND, MTU/discovery (2), write req/rsp, read req/rsp. */
  readonly pdus: number;
  /** Tries per PDU before the link is lost (supervision timeout / connection interval). */
  readonly triesPerPdu: number;
}

export const DEFAULT_CONNECTION: ConnectionParameters = {
  peerAdvertIntervalMs: 250,
  connectionIntervalMs: 30,
  pdus: 7,
  triesPerPdu: 6,
};

export interface ConnectionOutcome {
  readonly ok: boolean;
  /** Time from the connect call to completion or to the link's loss (ms). */
  readonly latencyMs: number;
  /** The RSSI the central reads on the link (one packet's RSSI: encounter RSSI + jitter). */
  readonly rssi: number;
}

/** Probability that the whole chain completes at an encounter RSSI of `rssi` (jitter integrated out). */
export function connectionSuccessProbability(radio: RadioParameters, connection: ConnectionParameters, rssi: number): number {
  const packet = receptionProbabilityWithJitter(radio, rssi);
  const pdu = 1 - Math.pow(1 - packet, connection.triesPerPdu);
  return Math.pow(pdu, connection.pdus);
}

/** One exchange attempt at encounter RSSI `rssi`, drawn PDU by PDU. */
export function drawConnection(radio: RadioParameters, connection: ConnectionParameters, rssi: number, rng: Rng): ConnectionOutcome {
  const packet = receptionProbabilityWithJitter(radio, rssi);
  let latencyMs = rng.next() * connection.peerAdvertIntervalMs;
  for (let pdu = 0; pdu < connection.pdus; pdu++) {
    let through = false;
    for (let t = 0; t < connection.triesPerPdu && !through; t++) {
      latencyMs += connection.connectionIntervalMs;
      through = rng.next() < packet;
    }
    if (!through) return { ok: false, latencyMs, rssi: readRssi(radio, rssi, rng) };
  }
  return { ok: true, latencyMs, rssi: readRssi(radio, rssi, rng) };
}

function readRssi(radio: RadioParameters, rssi: number, rng: Rng): number {
  return Math.round(rssi + radio.jitterSigmaDb * rng.normal());
}
