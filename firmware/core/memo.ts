// Memo codecs (spec: tcn-protocol.md, memo types). Reports carry any memo type; a typed decode
// exists only for the CoEpi symptom memo v1.
import { assertBytes, readU16LE } from "./bytes.js";
import { TcnError } from "./errors.js";

export const MemoType = {
  CoEpiSymptomV1: 0x00,
  CovidWatchTestV1: 0x01,
  Ito: 0x02,
  HutchTrace: 0x03,
  Reserved: 0xff,
} as const;

export type Cough = "none" | "existing" | "dry" | "wet";
export type Fever = "none" | "mild" | "serious";
const COUGH: Cough[] = ["none", "existing", "dry", "wet"];
const FEVER: Fever[] = ["none", "mild", "serious"];
const SYMPTOM_BITS = ["breathlessness", "muscleAches", "lossOfSmellOrTaste", "diarrhea", "runnyNose", "other", "noSymptoms"] as const;
export type SymptomFlag = (typeof SYMPTOM_BITS)[number];

export interface CoEpiSymptomMemo {
  /** Unix seconds. */
  readonly reportTime: number;
  /** Unix seconds, or null when not given (all 0xff on the wire). */
  readonly earliestSymptomTime: number | null;
  readonly cough: Cough;
  readonly fever: Fever;
  readonly symptoms: readonly SymptomFlag[];
}

export const COEPI_SYMPTOM_MEMO_BYTES = 20;

function writeU64(out: Uint8Array, offset: number, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TcnError("bad-encoding", `a memo time must be a non-negative whole number of seconds, got ${value}`);
  }
  const low = value % 0x100000000;
  const high = Math.floor(value / 0x100000000);
  for (let i = 0; i < 4; i++) {
    out[offset + i] = (low >>> (8 * i)) & 0xff;
    out[offset + 4 + i] = (high >>> (8 * i)) & 0xff;
  }
}

function readU64(bytes: Uint8Array, offset: number): number | null {
  let allOnes = true;
  for (let i = 0; i < 8; i++) if (bytes[offset + i] !== 0xff) allOnes = false;
  if (allOnes) return null;
  let low = 0;
  let high = 0;
  for (let i = 3; i >= 0; i--) {
    low = low * 256 + bytes[offset + i];
    high = high * 256 + bytes[offset + 4 + i];
  }
  if (high >= 0x200000) throw new TcnError("bad-encoding", "memo time is beyond 2^53 seconds");
  return high * 0x100000000 + low;
}

export function encodeCoEpiSymptomMemo(memo: CoEpiSymptomMemo): Uint8Array {
  const out = new Uint8Array(COEPI_SYMPTOM_MEMO_BYTES);
  out[0] = 1;
  writeU64(out, 2, memo.reportTime);
  if (memo.earliestSymptomTime === null) out.fill(0xff, 10, 18);
  else writeU64(out, 10, memo.earliestSymptomTime);
  const cough = COUGH.indexOf(memo.cough);
  const fever = FEVER.indexOf(memo.fever);
  if (cough < 0 || fever < 0) throw new TcnError("bad-encoding", `unknown cough "${memo.cough}" or fever "${memo.fever}"`);
  out[18] = cough | (fever << 4);
  for (const flag of memo.symptoms) {
    const bit = SYMPTOM_BITS.indexOf(flag);
    if (bit < 0) throw new TcnError("bad-encoding", `unknown symptom "${flag}"; known: ${SYMPTOM_BITS.join(", ")}`);
    out[19] |= 1 << bit;
  }
  return out;
}

export function decodeCoEpiSymptomMemo(bytes: Uint8Array): CoEpiSymptomMemo {
  assertBytes(bytes, "CoEpi symptom memo");
  if (bytes.length < COEPI_SYMPTOM_MEMO_BYTES) {
    throw new TcnError("truncated", `a CoEpi symptom memo v1 is ${COEPI_SYMPTOM_MEMO_BYTES} bytes, got ${bytes.length}`);
  }
  const version = readU16LE(bytes, 0);
  if (version !== 1) throw new TcnError("bad-encoding", `CoEpi symptom memo version ${version}; only version 1 is known`);
  const cough = COUGH[bytes[18] & 0x0f];
  const fever = FEVER[bytes[18] >> 4];
  if (cough === undefined || fever === undefined) {
    throw new TcnError("bad-encoding", `CoEpi symptom memo byte 18 = 0x${bytes[18].toString(16)} has an undefined cough or fever value`);
  }
  const reportTime = readU64(bytes, 2);
  if (reportTime === null) throw new TcnError("bad-encoding", "CoEpi symptom memo has no report time");
  const symptoms = SYMPTOM_BITS.filter((_, bit) => (bytes[19] >> bit) & 1);
  return { reportTime, earliestSymptomTime: readU64(bytes, 10), cough, fever, symptoms };
}

export type TypedMemo =
  | { readonly type: typeof MemoType.CoEpiSymptomV1; readonly symptoms: CoEpiSymptomMemo }
  | { readonly type: number; readonly raw: Uint8Array };

/** A typed view of a memo; throws unknown-memo-type only when `requireDecoder` is set. */
export function decodeMemo(memoType: number, memo: Uint8Array, requireDecoder = false): TypedMemo {
  if (memoType === MemoType.CoEpiSymptomV1) {
    // CoEpi-era apps also put free text under type 0: only a strict caller gets the codec's error.
    if (requireDecoder) return { type: MemoType.CoEpiSymptomV1, symptoms: decodeCoEpiSymptomMemo(memo) };
    if (memo.length === COEPI_SYMPTOM_MEMO_BYTES && readU16LE(memo, 0) === 1) {
      return { type: MemoType.CoEpiSymptomV1, symptoms: decodeCoEpiSymptomMemo(memo) };
    }
  }
  if (requireDecoder) {
    throw new TcnError("unknown-memo-type", `no decoder for memo type 0x${memoType.toString(16).padStart(2, "0")} (${memo.length} bytes); read it as raw bytes`);
  }
  return { type: memoType, raw: memo };
}
