// A second implementation of the TCN spec written straight from tcn-protocol.md on node:crypto,
// sharing no code with firmware/core, to cross-check the CLI on inputs nobody chose.
import { createHash, createPrivateKey, createPublicKey, sign } from "node:crypto";

const sha256 = (...parts: Buffer[]) => createHash("sha256").update(Buffer.concat(parts)).digest();
const le16 = (n: number) => Buffer.from([n & 0xff, n >> 8]);

function privateKey(rak: Buffer) {
  return createPrivateKey({ key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), rak]), format: "der", type: "pkcs8" });
}

export function independentRvk(rak: Buffer): Buffer {
  const spki = createPublicKey(privateKey(rak)).export({ format: "der", type: "spki" });
  return spki.subarray(spki.length - 32);
}

/** tck_i for i = 0..to, as the spec defines them. */
function tcks(rak: Buffer, to: number): Buffer[] {
  const rvk = independentRvk(rak);
  const out = [sha256(Buffer.from("H_TCK"), rak)];
  for (let i = 1; i <= to; i++) out.push(sha256(Buffer.from("H_TCK"), rvk, out[i - 1]));
  return out;
}

export function independentTcns(rak: Buffer, from: number, to: number): { index: number; tck: string; tcn: string }[] {
  const all = tcks(rak, to);
  const out = [];
  for (let i = from; i <= to; i++) {
    out.push({ index: i, tck: all[i].toString("hex"), tcn: sha256(Buffer.from("H_TCN"), le16(i), all[i]).subarray(0, 16).toString("hex") });
  }
  return out;
}

export function independentSignedReport(rak: Buffer, j1: number, j2: number, memoType: number, memo: Buffer): string {
  const body = Buffer.concat([independentRvk(rak), tcks(rak, j1 - 1)[j1 - 1], le16(j1), le16(j2), Buffer.from([memoType, memo.length]), memo]);
  return Buffer.concat([body, sign(null, body, privateKey(rak))]).toString("hex");
}
