// How many inputs each fuzz property tries: a bounded count in CI, far more on demand.
//   TCN_FUZZ_RUNS=<n>  exactly n per property
//   TCN_LONG=1         1,000,000 per property (divided by `cost` for expensive ones)
// fast-check prints the seed and the shrunk counterexample of a failure; rerun one with
// TCN_FUZZ_SEED=<seed> (and TCN_FUZZ_PATH=<path> from its report).
import fc from "fast-check";

export function fuzzRuns(ci: number, cost = 1): number {
  const explicit = Number(process.env.TCN_FUZZ_RUNS);
  if (Number.isSafeInteger(explicit) && explicit > 0) return Math.max(1, Math.round(explicit / cost));
  if (process.env.TCN_LONG === "1") return Math.max(ci, Math.round(1_000_000 / cost));
  return ci;
}

/** fc.assert parameters: run count, a replayable seed, and the iterations counted for the report. */
export function fuzzParameters(ci: number, cost = 1): fc.Parameters<unknown> {
  const seed = Number(process.env.TCN_FUZZ_SEED);
  const path = process.env.TCN_FUZZ_PATH;
  return {
    numRuns: fuzzRuns(ci, cost),
    ...(Number.isSafeInteger(seed) ? { seed } : {}),
    ...(path ? { path } : {}),
    // A hang is a failure: no single input may take this long.
    interruptAfterTimeLimit: undefined,
    timeout: 5_000,
  };
}

/** Accepted, or rejected with one of the expected error classes; anything else fails the property. */
export function acceptOrReject<T>(run: () => T, ...expected: (abstract new (...args: never[]) => Error)[]): { ok: true; value: T } | { ok: false; error: Error } {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    if (expected.some((type) => error instanceof type)) return { ok: false, error: error as Error };
    throw error;
  }
}

/** Bytes near a valid sample: the sample itself, truncated, extended, or with bytes flipped. */
export function mutatedBytes(samples: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const sample = fc.constantFrom(...samples);
  return fc.oneof(
    fc.uint8Array({ maxLength: 400 }),
    sample.chain((s) => fc.integer({ min: 0, max: s.length }).map((n) => s.slice(0, n))),
    sample.chain((s) => fc.uint8Array({ minLength: 1, maxLength: 40 }).map((tail) => Uint8Array.from([...s, ...tail]))),
    sample.chain((s) =>
      fc.array(fc.tuple(fc.nat({ max: Math.max(0, s.length - 1) }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }).map((flips) => {
        const out = s.slice();
        for (const [at, xor] of flips) if (out.length > 0) out[at] ^= xor;
        return out;
      }),
    ),
  );
}
