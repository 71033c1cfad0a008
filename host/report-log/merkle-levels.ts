// The hashes of every complete subtree of an append-only log, level by level, so the root of any
// past size and any proof cost O(log² n) hashes instead of rehashing all n leaves.
import { EMPTY_TREE_HASH, nodeHash, splitPoint } from "./merkle.js";
import type { SubtreeHash } from "./merkle.js";

export class MerkleLevels {
  /** levels[h][i]: the hash of leaves [i·2^h, (i+1)·2^h); levels[0] are the leaf hashes. */
  private readonly levels: Uint8Array[][] = [[]];

  get size(): number {
    return this.levels[0].length;
  }

  append(leafHash: Uint8Array): void {
    this.levels[0].push(leafHash);
    for (let h = 0; this.levels[h].length % 2 === 0; h++) {
      const level = this.levels[h];
      const parent = nodeHash(level[level.length - 2], level[level.length - 1]);
      (this.levels[h + 1] ??= []).push(parent);
    }
  }

  /** The subtree hash over [start, end) the RFC's recursion builds (see SubtreeHash). */
  readonly subtree: SubtreeHash = (start, end) => {
    if (!(start >= 0 && start < end && end <= this.size)) throw new RangeError(`no subtree [${start}, ${end}) in a log of ${this.size}`);
    const n = end - start;
    const height = Math.log2(n);
    if (Number.isInteger(height) && start % n === 0) return this.levels[height][start / n];
    const k = splitPoint(n);
    return nodeHash(this.subtree(start, start + k), this.subtree(start + k, end));
  };

  /** MTH of the first `treeSize` leaves. */
  root(treeSize: number = this.size): Uint8Array {
    if (!Number.isSafeInteger(treeSize) || treeSize < 0 || treeSize > this.size) throw new RangeError(`no tree of size ${treeSize} in a log of ${this.size}`);
    return treeSize === 0 ? EMPTY_TREE_HASH : this.subtree(0, treeSize);
  }
}
