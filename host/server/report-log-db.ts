// The report log's share of the server database (docs/report-api.md, "Report log"): leaf i is the
// i-th report stored, appended in the same transaction as the report, so a report is served if and
// only if it is in the log. Heads are kept once per size, so every instance serves the same head.
import type { TreeHead } from "../report-log/tree-head.js";

export interface ReportLogDb {
  /** Number of leaves (= reports stored). */
  logSize(): Promise<number>;
  /** Leaf hashes [start, end), in leaf order; throws if the log has a gap there. */
  leafHashes(start: number, end: number): Promise<Uint8Array[]>;
  /** The reports at leaves [start, end), in leaf order (what an auditor rebuilds the tree from). */
  leafReports(start: number, end: number): Promise<Uint8Array[]>;
  leafIndexOf(leafHash: Uint8Array): Promise<number | null>;
  /** leafIndexOf for many hashes in one query, in the same order. */
  leafIndexesOf(leafHashes: readonly Uint8Array[]): Promise<(number | null)[]>;
  treeHead(treeSize: number): Promise<TreeHead | null>;
  /** Keeps `head` unless a head of its size is kept already; returns the one kept. */
  saveTreeHead(head: TreeHead): Promise<TreeHead>;
  /** Keeps `seed` as the log's private key unless one is kept already; returns the kept one. */
  claimLogSeed(seed: Uint8Array): Promise<Uint8Array>;
  /** Records the log's public key on first use; returns the recorded one (another instance's, maybe). */
  claimLogKey(publicKey: Uint8Array): Promise<Uint8Array>;
}

export function checkDenseLeaves(rows: readonly { leafIndex: number }[], start: number, end: number): void {
  rows.forEach((row, i) => {
    if (row.leafIndex !== start + i) throw new Error(`report log damaged: expected leaf ${start + i}, found ${row.leafIndex}; the log table must hold leaves 0..n-1 without gaps`);
  });
  if (rows.length !== end - start) throw new Error(`report log damaged: asked leaves [${start}, ${end}), found ${rows.length}`);
}
