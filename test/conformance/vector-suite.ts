// Every case of the shared TCN vectors (spec/tcn-vectors.json) as plain functions, so the same
// suite runs under vitest on Node and inside the real XS engine.
import {
  concatBytes,
  CryptoSuite,
  createReport,
  deriveTcns,
  encodeReport,
  expandReport,
  fromHex,
  initialTck,
  nobleSuite,
  parseReportStream,
  parseSignedReport,
  parseTck,
  ratchet,
  ratchetTo,
  readVerifiedReport,
  reportBodyKey,
  rvkFromRak,
  serializeTck,
  tcnOf,
  TemporaryContactKey,
  toHex,
} from "../../firmware/core/index.js";
import { check, checkHex, checkThrowsCode, NamedCase } from "./check.js";

interface KeyVector { index: number; tck: string; tcn: string }
interface PublishedReport {
  name: string; signedHex: string; j1: number; j2: number; memoType: number; memoHex: string; tcnCount: number;
  firstTcn: string; lastTcn: string; tcns: string[] | null;
}
export interface TcnVectors {
  reference: {
    rak: string; rvk: string; tck0: string; keys: KeyVector[]; tcn499: string; tcn500: string; tcn65535: string;
    report: { j1: number; j2: number; memoType: number; memoHex: string; unsignedHex: string; signedHex: string; tcns: string[] };
  };
  publishedReports: PublishedReport[];
  invalidReports: { name: string; signedHex: string; expect: string }[];
  edgeReports: { name: string; signedHex: string; tcnCount: number }[];
}

const EXPECTED_CODE: Record<string, string> = {
  "bad signature": "bad-signature",
  "invalid index": "invalid-index",
  truncated: "truncated",
  "bad key": "bad-key",
};

export function vectorCases(v: TcnVectors, suite: CryptoSuite = nobleSuite): NamedCase[] {
  const ref = v.reference;
  const rak = fromHex(ref.rak);
  // Ratcheting to 65535 is the slow part under XS: do it once for the cases that need it.
  let key65533: TemporaryContactKey | undefined;
  const keyAt65533 = () => (key65533 ??= ratchetTo(initialTck(rak, suite), 65533, suite));
  const cases: NamedCase[] = [
    { name: "rvk is the Ed25519 public key of the reference rak", run: () => checkHex(rvkFromRak(rak, suite), ref.rvk, "rvk") },
    { name: "tck_0 = SHA256(H_TCK || rak)", run: () => checkHex(initialTck(rak, suite).tck, ref.tck0, "tck0") },
    {
      name: "tck_1..tck_10 and tcn_1..tcn_10 match the reference",
      run: () => {
        let key = initialTck(rak, suite);
        for (const expected of ref.keys) {
          key = ratchet(key, suite);
          check(key.index === expected.index, `index ${key.index} != ${expected.index}`);
          checkHex(key.tck, expected.tck, `tck_${expected.index}`);
          checkHex(tcnOf(key, suite), expected.tcn, `tcn_${expected.index}`);
        }
      },
    },
    {
      name: "the ratchet reaches tcn_499, tcn_500 and tcn_65535",
      run: () => {
        const around500 = deriveTcns(rak, 499, 500, suite);
        checkHex(around500[0].tcn, ref.tcn499, "tcn_499");
        checkHex(around500[1].tcn, ref.tcn500, "tcn_500");
        checkHex(tcnOf(ratchet(ratchet(keyAt65533(), suite), suite), suite), ref.tcn65535, "tcn_65535");
      },
    },
    {
      name: "the ratchet refuses to go past index 65535",
      run: () => {
        const last = { index: 65535, rvk: fromHex(ref.rvk), tck: new Uint8Array(32) };
        checkThrowsCode(() => ratchet(last, suite), "invalid-index", "ratchet past 65535");
      },
    },
    {
      name: "stored key state round-trips as le_u16(index) || rvk || tck",
      run: () => {
        const key = ratchet(initialTck(rak, suite), suite);
        const bytes = serializeTck(key);
        check(bytes.length === 66, `66 bytes, got ${bytes.length}`);
        check(bytes[0] === 1 && bytes[1] === 0, "index little-endian first");
        checkHex(parseTck(bytes).tck, toHex(key.tck), "tck after round trip");
      },
    },
    {
      name: "reference report body encodes byte for byte",
      run: () => {
        const signed = createReport(rak, ref.report.j1, ref.report.j2, ref.report.memoType, fromHex(ref.report.memoHex), suite);
        checkHex(signed.body, ref.report.unsignedHex, "unsigned report");
        checkHex(encodeReport(signed.report), ref.report.unsignedHex, "re-encoded report");
      },
    },
    {
      name: "reference report signs deterministically to the published bytes",
      run: () => {
        const signed = createReport(rak, ref.report.j1, ref.report.j2, ref.report.memoType, fromHex(ref.report.memoHex), suite);
        checkHex(signed.bytes, ref.report.signedHex, "signed report");
      },
    },
    {
      name: "reference report verifies and reveals tcn_2..tcn_10 (j2 inclusive)",
      run: () => {
        const signed = readVerifiedReport(fromHex(ref.report.signedHex), suite);
        const tcns = expandReport(signed.report, suite).map(toHex);
        check(tcns.join() === ref.report.tcns.join(), `tcns ${tcns.join()} != ${ref.report.tcns.join()}`);
      },
    },
  ];

  for (const p of v.publishedReports) {
    cases.push({
      name: `published report verifies and expands: ${p.name}`,
      run: () => {
        const signed = readVerifiedReport(fromHex(p.signedHex), suite);
        const r = signed.report;
        check(r.j1 === p.j1 && r.j2 === p.j2 && r.memoType === p.memoType, `header ${r.j1} ${r.j2} ${r.memoType}`);
        checkHex(r.memo, p.memoHex, "memo");
        const tcns = expandReport(r, suite).map(toHex);
        check(tcns.length === p.tcnCount, `${tcns.length} tcns, expected ${p.tcnCount}`);
        check(tcns[0] === p.firstTcn && tcns[tcns.length - 1] === p.lastTcn, `first/last tcn ${tcns[0]}/${tcns[tcns.length - 1]}`);
        if (p.tcns) check(tcns.join() === p.tcns.join(), "tcns differ from the vector");
      },
    });
  }

  for (const bad of v.invalidReports) {
    const code = EXPECTED_CODE[bad.expect] ?? bad.expect;
    cases.push({
      name: `invalid report rejected as ${code}: ${bad.name}`,
      run: () => checkThrowsCode(() => readVerifiedReport(fromHex(bad.signedHex), suite), code, bad.name),
    });
  }

  for (const edge of v.edgeReports) {
    cases.push({
      name: `edge report: ${edge.name}`,
      run: () => {
        const signed = readVerifiedReport(fromHex(edge.signedHex), suite);
        const n = expandReport(signed.report, suite).length;
        check(n === edge.tcnCount, `${n} tcns, expected ${edge.tcnCount}`);
      },
    });
  }

  cases.push(
    {
      name: "published reports concatenated parse back as a stream",
      run: () => {
        const all = v.publishedReports.map((p) => p.signedHex).join("");
        const parsed = parseReportStream(fromHex(all));
        check(parsed.length === v.publishedReports.length, `${parsed.length} reports`);
        parsed.forEach((s, i) => checkHex(s.bytes, v.publishedReports[i].signedHex, `report ${i}`));
      },
    },
    {
      name: "a single-report parser rejects trailing bytes as bad-encoding",
      run: () => checkThrowsCode(() => parseSignedReport(fromHex(ref.report.signedHex + "00")), "bad-encoding", "trailing byte"),
    },
    {
      name: "j2 = 65535 expands to the last TCN without ratcheting past it",
      run: () => {
        const before = keyAt65533();
        const body = encodeReport({ rvk: before.rvk, tckBefore: before.tck, j1: 65534, j2: 65535, memoType: 0, memo: new Uint8Array(0) });
        const signed = { bytes: concatBytes(body, suite.ed25519Sign(body, rak)) };
        const tcns = expandReport(readVerifiedReport(signed.bytes, suite).report, suite);
        check(tcns.length === 2, `${tcns.length} tcns`);
        checkHex(tcns[1], ref.tcn65535, "tcn_65535");
      },
    },
    {
      name: "an oversize memo is refused on create",
      run: () => checkThrowsCode(() => createReport(rak, 1, 2, 0, new Uint8Array(256), suite), "oversize-memo", "256-byte memo"),
    },
    {
      name: "j1 = 0 is refused on create",
      run: () => checkThrowsCode(() => createReport(rak, 0, 2, 0, new Uint8Array(0), suite), "invalid-index", "j1 = 0"),
    },
    {
      name: "the randomized-signer report de-duplicates with the deterministic one by body",
      run: () => {
        const randomized = v.publishedReports.find((p) => p.j1 === 500);
        if (!randomized) return;
        const again = createReport(rak, 500, 505, 0, fromHex(randomized.memoHex), suite);
        const published = parseSignedReport(fromHex(randomized.signedHex));
        check(toHex(again.signature) !== toHex(published.signature), "signatures should differ");
        check(reportBodyKey(again) === reportBodyKey(published), "bodies should be the same key");
      },
    },
  );
  return cases;
}
