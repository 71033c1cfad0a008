// Minimal assertions usable both under vitest and inside the XS engine (no Node, no vitest there).
import { TcnError, toHex } from "../../firmware/core/index.js";

export class CheckError extends Error {}

export function check(condition: boolean, message: string): void {
  if (!condition) throw new CheckError(message);
}

export function checkHex(actual: Uint8Array, expectedHex: string, what: string): void {
  const got = toHex(actual);
  check(got === expectedHex.toLowerCase(), `${what}: expected ${expectedHex}, got ${got}`);
}

export function checkThrowsCode(run: () => unknown, code: string, what: string): void {
  try {
    run();
  } catch (error) {
    check(error instanceof TcnError, `${what}: expected TcnError(${code}), got ${String(error)}`);
    check((error as TcnError).code === code, `${what}: expected error code ${code}, got ${(error as TcnError).code}: ${(error as Error).message}`);
    return;
  }
  throw new CheckError(`${what}: expected TcnError(${code}), but it succeeded`);
}

export interface NamedCase {
  readonly name: string;
  readonly run: () => void;
}

export interface SuiteOutcome {
  readonly passed: number;
  readonly failed: number;
  readonly failures: { name: string; message: string }[];
}

export function runCases(cases: readonly NamedCase[]): SuiteOutcome {
  const failures: { name: string; message: string }[] = [];
  for (const c of cases) {
    try {
      c.run();
    } catch (error) {
      failures.push({ name: c.name, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { passed: cases.length - failures.length, failed: failures.length, failures };
}
