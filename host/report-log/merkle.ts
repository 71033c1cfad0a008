// RFC 9162 §2.1 Merkle tree math, as pure functions over Uint8Array: leaf and node hashes, the
// tree hash (MTH) of any size, inclusion and consistency proofs, and the RFC's verification
// algorithms. Proof generation reads subtree hashes through a function, so a caller may back it
// with all leaves (tests) or with a cache of complete subtrees (MerkleLevels, the server).
import { nodeSuite } from "../crypto/node-suite.js";

export const HASH_BYTES = 32;
const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

const sha256 = nodeSuite.sha256;

/** SHA-256(0x00 || leaf): the hash of one log entry (here: one signed report as stored). */
export function hashLeaf(leaf: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + leaf.length);
  input[0] = LEAF_PREFIX;
  input.set(leaf, 1);
  return sha256(input);
}

/** SHA-256(0x01 || left || right): an interior node. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + 2 * HASH_BYTES);
  input[0] = NODE_PREFIX;
  input.set(left, 1);
  input.set(right, 1 + HASH_BYTES);
  return sha256(input);
}

/** MTH({}) = SHA-256() of nothing. */
export const EMPTY_TREE_HASH: Uint8Array = sha256(new Uint8Array(0));

/** The largest power of two strictly smaller than n (n ≥ 2): the RFC's k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The hash of the subtree over leaves [start, end) as the RFC's recursion builds it; `start` must
 * be a multiple of the largest power of two ≤ end − start (true of every range the proofs ask for).
 */
export type SubtreeHash = (start: number, end: number) => Uint8Array;

/** MTH over the given leaf hashes (the naive, all-leaves form). */
export function treeHashOfLeaves(leafHashes: readonly Uint8Array[]): Uint8Array {
  if (leafHashes.length === 0) return EMPTY_TREE_HASH;
  return subtreeOfLeaves(leafHashes)(0, leafHashes.length);
}

/** A SubtreeHash over a full list of leaf hashes (recomputes everything; for small trees and tests). */
export function subtreeOfLeaves(leafHashes: readonly Uint8Array[]): SubtreeHash {
  const hash = (start: number, end: number): Uint8Array => {
    if (end - start === 1) return leafHashes[start];
    const k = splitPoint(end - start);
    return nodeHash(hash(start, start + k), hash(start + k, end));
  };
  return hash;
}

function checkSize(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number ≥ 0, got ${value}`);
}

/** PATH(m, D[n]) of RFC 9162 §2.1.3.1: the audit path of leaf m in the tree of size n, leaf upward. */
export function inclusionProof(leafIndex: number, treeSize: number, subtree: SubtreeHash): Uint8Array[] {
  checkSize("leafIndex", leafIndex);
  checkSize("treeSize", treeSize);
  if (leafIndex >= treeSize) throw new RangeError(`leaf ${leafIndex} is not in a tree of size ${treeSize}`);
  const path: Uint8Array[] = [];
  const walk = (m: number, start: number, end: number) => {
    if (end - start <= 1) return;
    const k = splitPoint(end - start);
    if (m < k) {
      walk(m, start, start + k);
      path.push(subtree(start + k, end));
    } else {
      walk(m - k, start + k, end);
      path.push(subtree(start, start + k));
    }
  };
  walk(leafIndex, 0, treeSize);
  return path;
}

/** PROOF(m, D[n]) of RFC 9162 §2.1.4.1 for 0 < m < n; empty when m = n (nothing to prove). */
export function consistencyProof(first: number, second: number, subtree: SubtreeHash): Uint8Array[] {
  checkSize("first", first);
  checkSize("second", second);
  if (first < 1 || first > second) throw new RangeError(`a consistency proof needs 0 < first ≤ second, got first ${first}, second ${second}`);
  const proof: Uint8Array[] = [];
  // SUBPROOF(m, D[start:end], b)
  const sub = (m: number, start: number, end: number, complete: boolean) => {
    const n = end - start;
    if (m === n) {
      if (!complete) proof.push(subtree(start, end));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      sub(m, start, start + k, complete);
      proof.push(subtree(start + k, end));
    } else {
      sub(m - k, start + k, end, false);
      proof.push(subtree(start, start + k));
    }
  };
  if (first < second) sub(first, 0, second, true);
  return proof;
}

export function equalHashes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/** RFC 9162 §2.1.3.2: the root that `proof` leads to from `hash` at `leafIndex`, or null if the proof has the wrong shape. */
export function rootFromInclusionProof(hash: Uint8Array, leafIndex: number, treeSize: number, proof: readonly Uint8Array[]): Uint8Array | null {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize) return null;
  // Sizes go past 2^32, where JavaScript's bit operators stop working: shift by halving.
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = hash;
  for (const p of proof) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

export function verifyInclusion(hash: Uint8Array, leafIndex: number, treeSize: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  const computed = rootFromInclusionProof(hash, leafIndex, treeSize, proof);
  return computed !== null && equalHashes(computed, root);
}

/**
 * RFC 9162 §2.1.4.2, extended to the trivial cases: first = second needs an empty proof and equal
 * roots; first = 0 (the empty tree is a prefix of every tree) needs an empty proof.
 */
export function verifyConsistency(first: number, second: number, firstRoot: Uint8Array, secondRoot: Uint8Array, proof: readonly Uint8Array[]): boolean {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0 || first > second) return false;
  if (first === second) return proof.length === 0 && equalHashes(firstRoot, secondRoot);
  if (first === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equalHashes(fr, firstRoot) && equalHashes(sr, secondRoot);
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}

/**
 * An inclusion proof for several leaves at once (our extension, docs/report-api.md): the hashes of
 * the largest subtrees of the tree of size `treeSize` that hold none of `indexes`, in the order the
 * RFC's recursion meets them, left to right. Shared path nodes are sent once, and leaves proven
 * together need no hashes between them; one leaf's proof is its RFC audit path in another order.
 * `indexes` must be strictly increasing and below treeSize.
 */
export function multiInclusionProof(indexes: readonly number[], treeSize: number, subtree: SubtreeHash): Uint8Array[] {
  checkIndexes(indexes, treeSize);
  const proof: Uint8Array[] = [];
  const walk = (start: number, end: number, lo: number, hi: number) => {
    if (lo === hi) {
      proof.push(subtree(start, end));
      return;
    }
    if (end - start === 1) return;
    const mid = start + splitPoint(end - start);
    let cut = lo;
    while (cut < hi && indexes[cut] < mid) cut++;
    walk(start, mid, lo, cut);
    walk(mid, end, cut, hi);
  };
  if (indexes.length > 0) walk(0, treeSize, 0, indexes.length);
  return proof;
}

/** The root that a multiInclusionProof leads to from these leaves, or null if it has the wrong shape. */
export function rootFromMultiInclusionProof(leaves: readonly { readonly index: number; readonly hash: Uint8Array }[], treeSize: number, proof: readonly Uint8Array[]): Uint8Array | null {
  const indexes = leaves.map((l) => l.index);
  try {
    checkIndexes(indexes, treeSize);
  } catch {
    return null;
  }
  if (leaves.length === 0) return null;
  let next = 0;
  const walk = (start: number, end: number, lo: number, hi: number): Uint8Array | null => {
    if (lo === hi) return next < proof.length ? proof[next++] : null;
    if (end - start === 1) return leaves[lo].hash;
    const mid = start + splitPoint(end - start);
    let cut = lo;
    while (cut < hi && indexes[cut] < mid) cut++;
    const left = walk(start, mid, lo, cut);
    const right = left === null ? null : walk(mid, end, cut, hi);
    return right === null ? null : nodeHash(left!, right);
  };
  const root = walk(0, treeSize, 0, leaves.length);
  return root !== null && next === proof.length ? root : null;
}

function checkIndexes(indexes: readonly number[], treeSize: number): void {
  checkSize("treeSize", treeSize);
  indexes.forEach((index, i) => {
    if (!Number.isSafeInteger(index) || index < 0 || index >= treeSize) throw new RangeError(`leaf ${index} is not in a tree of size ${treeSize}`);
    if (i > 0 && index <= indexes[i - 1]) throw new RangeError(`leaf indexes must be strictly increasing, got ${indexes[i - 1]} then ${index}`);
  });
}
