// XS entry: the shared TCN vector suite, inside the real XS engine.
import vectors from "../../vectors/tcn-vectors.json" with { type: "json" };
import { runCases } from "../../conformance/check.js";
import { TcnVectors, vectorCases } from "../../conformance/vector-suite.js";
import { reportOutcome } from "../xs-send.js";

reportOutcome(() => {
  const hasNodeGlobals = typeof (globalThis as Record<string, unknown>).Buffer !== "undefined" || typeof (globalThis as Record<string, unknown>).process !== "undefined";
  const outcome = runCases(vectorCases(vectors as unknown as TcnVectors));
  return { ...outcome, engine: hasNodeGlobals ? "not XS" : "XS" };
});
