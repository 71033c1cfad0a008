// One-time verification codes a clinic reads over the phone: 9 random symbols of Crockford's
// base-32 alphabet (no I, L, O, U: nothing to mistake) and a Luhn mod-32 check symbol, which
// catches every single wrong symbol and every swap of two neighbours (but 0↔Z) before a request is made.
import { randomBytes } from "node:crypto";

export const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const CODE_RANDOM_SYMBOLS = 9; // 45 bits
export const CODE_LENGTH = CODE_RANDOM_SYMBOLS + 1;

function luhnCheckSymbol(symbols: readonly number[]): number {
  const n = CODE_ALPHABET.length;
  let sum = 0;
  let factor = 2;
  for (let i = symbols.length - 1; i >= 0; i--) {
    let addend = factor * symbols[i];
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / n) + (addend % n);
    sum += addend;
  }
  return (n - (sum % n)) % n;
}

/** A fresh code, e.g. "7KQ2MZ9D1X". */
export function newCode(random: (n: number) => Uint8Array = randomBytes): string {
  const bytes = random(CODE_RANDOM_SYMBOLS);
  const symbols = Array.from(bytes, (b) => b & 31);
  return [...symbols, luhnCheckSymbol(symbols)].map((s) => CODE_ALPHABET[s]).join("");
}

/** What a person typed, upper-cased, with spaces and dashes dropped and O→0, I/L→1 as Crockford reads them. */
export function normalizeCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
}

/** Null when the code is well formed, else why not (a message a person can act on). */
export function codeProblem(typed: string): string | null {
  const code = normalizeCode(typed);
  if (code.length !== CODE_LENGTH) return `a verification code has ${CODE_LENGTH} symbols, "${typed}" has ${code.length}; check it with whoever gave it`;
  const symbols: number[] = [];
  for (const c of code) {
    const s = CODE_ALPHABET.indexOf(c);
    if (s < 0) return `"${c}" is not a code symbol (0-9 and A-Z without I, L, O, U); check the code`;
    symbols.push(s);
  }
  const check = symbols.pop()!;
  if (luhnCheckSymbol(symbols) !== check) return `the code "${typed}" has a typo (its check symbol does not match); read it again`;
  return null;
}
