import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CODE_ALPHABET, CODE_LENGTH, codeProblem, newCode } from "../../host/authority/code.js";
import { redeemCode } from "../../host/authority/verified-upload-client.js";
import type { RunningAuthority } from "../../host/authority/authority-server.js";
import { authorityWithIssuer, clock, keyPair, requestCode } from "./fixtures.js";
import type { KeyPair } from "./fixtures.js";

const binding = new Uint8Array(32).fill(7);

describe("verification codes", () => {
  it("are 10 symbols whose check symbol catches every single-symbol typo and every neighbour swap but 0↔Z (the one pair Luhn mod 32 cannot see)", () => {
    for (let n = 0; n < 200; n++) {
      const code = newCode();
      expect(code).toHaveLength(CODE_LENGTH);
      expect(codeProblem(code)).toBeNull();
      expect(codeProblem(code.toLowerCase().replace(/(.{5})/, "$1-"))).toBeNull();
      for (let i = 0; i < CODE_LENGTH; i++) {
        for (const c of CODE_ALPHABET) {
          if (c === code[i]) continue;
          expect(codeProblem(code.slice(0, i) + c + code.slice(i + 1)), `${code} with ${c} at ${i}`).not.toBeNull();
        }
        if (i + 1 < CODE_LENGTH && code[i] !== code[i + 1] && !/^(0Z|Z0)$/.test(code[i] + code[i + 1])) {
          expect(codeProblem(code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2))).not.toBeNull();
        }
      }
    }
  });
});

describe("authority", () => {
  let dir: string;
  let authority: RunningAuthority;
  let issuer: KeyPair;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "tcn-authority-"));
    ({ authority, issuer } = await authorityWithIssuer(join(dir, "authority.db"), { codesPerHour: 3 }));
  });
  afterEach(async () => {
    await authority.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses an issuer whose key is not registered, and audits the refusal", async () => {
    const stranger = keyPair();
    const answer = await requestCode(authority.url, stranger);
    expect(answer.status).toBe(403);
    expect(answer.message).toMatch(/unknown issuer key.*add-issuer/);
    expect((await authority.db.auditTrail()).map((r) => r.event)).toEqual(["issue-refused"]);
  });

  it("refuses a request signed by another key than the issuer it names", async () => {
    const forger = keyPair();
    const answer = await requestCode(authority.url, { seed: forger.seed, publicKey: issuer.publicKey });
    expect(answer.status).toBe(401);
    expect(answer.message).toMatch(/bad signature/);
  });

  it("holds the rate limit per issuer: the 4th code in an hour is refused, another issuer still gets one, and an hour later it gets one again", async () => {
    for (let i = 0; i < 3; i++) expect((await requestCode(authority.url, issuer)).status).toBe(200);
    const fourth = await requestCode(authority.url, issuer);
    expect(fourth.status).toBe(429);
    expect(fourth.message).toMatch(/rate limit.*limit 3/);
    const other = keyPair();
    await authority.db.addIssuer(Buffer.from(other.publicKey).toString("hex"), "health officer", clock.ms);
    expect((await requestCode(authority.url, other)).status).toBe(200);
    clock.ms += 3_600_001;
    expect((await requestCode(authority.url, issuer)).status).toBe(200);
  });

  it("redeems a code once: the second redemption is refused as used, and both are audited", async () => {
    const { code } = await requestCode(authority.url, issuer);
    const certificate = await redeemCode(authority.url, code!, binding);
    expect(certificate).toHaveLength(129);
    await expect(redeemCode(authority.url, code!, binding)).rejects.toThrow(/410.*used code/);
    expect((await authority.db.auditTrail()).map((r) => r.event)).toEqual(["issue", "redeem", "redeem-refused"]);
  });

  it("redeems a code once even when ten redemptions arrive together", async () => {
    const { code } = await requestCode(authority.url, issuer);
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => redeemCode(authority.url, code!, binding)));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
  });

  it("refuses an expired code (after its hour) and an unknown one", async () => {
    const { code } = await requestCode(authority.url, issuer);
    clock.ms += 60 * 60_000;
    await expect(redeemCode(authority.url, code!, binding)).rejects.toThrow(/410.*expired code/);
    await expect(redeemCode(authority.url, newCode(), binding)).rejects.toThrow(/404.*unknown code/);
  });

  it("refuses a mistyped code before asking the authority", async () => {
    const { code } = await requestCode(authority.url, issuer);
    const typo = code!.slice(0, 9) + (code![9] === "0" ? "1" : "0");
    await expect(redeemCode(authority.url, typo, binding)).rejects.toThrow(/typo/);
    expect(await redeemCode(authority.url, code!, binding)).toHaveLength(129);
  });
});
