import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import {
  consistencyProof,
  EMPTY_TREE_HASH,
  inclusionProof,
  hashLeaf,
  multiInclusionProof,
  rootFromMultiInclusionProof,
  nodeHash,
  rootFromInclusionProof,
  subtreeOfLeaves,
  treeHashOfLeaves,
  verifyConsistency,
  verifyInclusion,
} from "../../host/report-log/merkle.js";
import { MerkleLevels } from "../../host/report-log/merkle-levels.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const unhex = (h: string) => new Uint8Array(Buffer.from(h, "hex"));
const sha = (...parts: Uint8Array[]) => new Uint8Array(createHash("sha256").update(Buffer.concat(parts)).digest());

// The eight leaves every RFC 6962 implementation is tested with, and their published roots (sizes 1..8).
const CT_LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map(unhex);
const CT_ROOTS = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

/** An independent MTH straight from RFC 9162 §2.1.1, on byte strings, with its own hashing. */
function naiveMth(data: Uint8Array[]): Uint8Array {
  if (data.length === 0) return sha();
  if (data.length === 1) return sha(Uint8Array.of(0), data[0]);
  let k = 1;
  while (k * 2 < data.length) k *= 2;
  return sha(Uint8Array.of(1), naiveMth(data.slice(0, k)), naiveMth(data.slice(k)));
}

function leavesOf(count: number, salt = 0): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => Uint8Array.of(i & 0xff, (i >> 8) & 0xff, (i >> 16) & 0xff, salt));
}

describe("RFC 9162 tree hashes", () => {
  it("the empty tree hashes to SHA-256 of nothing, a leaf to SHA-256(0x00 || leaf), a node to SHA-256(0x01 || l || r)", () => {
    expect(hex(EMPTY_TREE_HASH)).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(hex(hashLeaf(unhex("2021")))).toBe(hex(sha(unhex("002021"))));
    const [a, b] = [sha(unhex("aa")), sha(unhex("bb"))];
    expect(hex(nodeHash(a, b))).toBe(hex(sha(Uint8Array.of(1), a, b)));
  });

  it("matches the published roots of the RFC 6962 test tree for every size 1..8", () => {
    const hashes = CT_LEAVES.map(hashLeaf);
    for (let n = 1; n <= 8; n++) expect(hex(treeHashOfLeaves(hashes.slice(0, n))), `size ${n}`).toBe(CT_ROOTS[n - 1]);
  });

  it("splits a non-power-of-two tree at the largest power of two below its size (sizes 3, 5, 6, 7 written out by hand)", () => {
    const l = leavesOf(7).map(hashLeaf);
    const h01 = nodeHash(l[0], l[1]);
    const h23 = nodeHash(l[2], l[3]);
    const h45 = nodeHash(l[4], l[5]);
    const h0123 = nodeHash(h01, h23);
    expect(hex(treeHashOfLeaves(l.slice(0, 3)))).toBe(hex(nodeHash(h01, l[2])));
    expect(hex(treeHashOfLeaves(l.slice(0, 5)))).toBe(hex(nodeHash(h0123, l[4])));
    expect(hex(treeHashOfLeaves(l.slice(0, 6)))).toBe(hex(nodeHash(h0123, h45)));
    expect(hex(treeHashOfLeaves(l.slice(0, 7)))).toBe(hex(nodeHash(h0123, nodeHash(h45, l[6]))));
  });

  it("the level cache gives the same root as the all-leaves recursion for every size 0..300", () => {
    const data = leavesOf(300);
    const levels = new MerkleLevels();
    expect(hex(levels.root())).toBe(hex(naiveMth([])));
    data.forEach((d, i) => {
      levels.append(hashLeaf(d));
      expect(hex(levels.root()), `size ${i + 1}`).toBe(hex(naiveMth(data.slice(0, i + 1))));
    });
    // …and every past size, from the same cache.
    for (const size of [1, 2, 3, 5, 64, 65, 127, 128, 129, 255, 299]) expect(hex(levels.root(size))).toBe(hex(naiveMth(data.slice(0, size))));
  });
});

describe("RFC 9162 proofs on the 7-leaf tree of RFC 6962 §2.1.3 (a..g = d0..d6), written out by hand", () => {
  const l = leavesOf(7).map(hashLeaf);
  const sub = subtreeOfLeaves(l);
  const [a, b, c, d, , f, g] = l;
  const h = nodeHash(c, d);
  const i = nodeHash(l[4], f);
  const j = g;
  const k = nodeHash(nodeHash(a, b), h);
  const lNode = nodeHash(i, j);
  const root = nodeHash(k, lNode);

  it("inclusion: d0 → [b, h, l], d3 → [c, g, l], d4 → [f, j, k], d6 → [i, k]", () => {
    expect(inclusionProof(0, 7, sub).map(hex)).toEqual([b, h, lNode].map(hex));
    expect(inclusionProof(3, 7, sub).map(hex)).toEqual([c, nodeHash(a, b), lNode].map(hex));
    expect(inclusionProof(4, 7, sub).map(hex)).toEqual([f, j, k].map(hex));
    expect(inclusionProof(6, 7, sub).map(hex)).toEqual([i, k].map(hex));
    for (const m of [0, 3, 4, 6]) expect(verifyInclusion(l[m], m, 7, inclusionProof(m, 7, sub), root)).toBe(true);
  });

  it("consistency: 3 → 7 is [c, d, g, l], 4 → 7 is [l], 6 → 7 is [i, j, k]", () => {
    expect(consistencyProof(3, 7, sub).map(hex)).toEqual([c, d, nodeHash(a, b), lNode].map(hex));
    expect(consistencyProof(4, 7, sub).map(hex)).toEqual([lNode].map(hex));
    expect(consistencyProof(6, 7, sub).map(hex)).toEqual([i, j, k].map(hex));
    for (const m of [3, 4, 6]) expect(verifyConsistency(m, 7, treeHashOfLeaves(l.slice(0, m)), root, consistencyProof(m, 7, sub))).toBe(true);
  });

  it("a proof for another leaf, another size, a changed hash or a shortened path does not verify", () => {
    const proof = inclusionProof(3, 7, sub);
    expect(verifyInclusion(l[3], 2, 7, proof, root)).toBe(false);
    expect(verifyInclusion(l[2], 3, 7, proof, root)).toBe(false);
    expect(verifyInclusion(l[3], 3, 4, proof, root)).toBe(false);
    expect(verifyInclusion(l[3], 3, 7, proof.slice(0, 2), root)).toBe(false);
    expect(verifyInclusion(l[3], 3, 7, [...proof, k], root)).toBe(false);
    expect(verifyInclusion(l[3], 7, 7, proof, root)).toBe(false);
    const old3 = treeHashOfLeaves(l.slice(0, 3));
    const cons = consistencyProof(3, 7, sub);
    expect(verifyConsistency(3, 7, old3, root, cons.slice(1))).toBe(false);
    expect(verifyConsistency(3, 7, treeHashOfLeaves(l.slice(0, 4)), root, cons)).toBe(false);
    expect(verifyConsistency(3, 7, old3, k, cons)).toBe(false);
    expect(verifyConsistency(3, 7, old3, root, [])).toBe(false);
    expect(verifyConsistency(7, 3, root, old3, cons)).toBe(false);
  });

  it("several leaves at once: d0 and d3 need [b, c, l] (shared nodes once, left to right); all seven need nothing", () => {
    expect(multiInclusionProof([0, 3], 7, sub).map(hex)).toEqual([b, c, lNode].map(hex));
    expect(hex(rootFromMultiInclusionProof([{ index: 0, hash: a }, { index: 3, hash: d }], 7, [b, c, lNode])!)).toBe(hex(root));
    expect(multiInclusionProof([0, 1, 2, 3, 4, 5, 6], 7, sub)).toEqual([]);
    expect(hex(rootFromMultiInclusionProof(l.map((hash, index) => ({ index, hash })), 7, [])!)).toBe(hex(root));
    // Wrong order, a repeated index, an index past the tree, a proof too long or too short: no root.
    expect(rootFromMultiInclusionProof([{ index: 3, hash: d }, { index: 0, hash: a }], 7, [b, c, lNode])).toBeNull();
    expect(rootFromMultiInclusionProof([{ index: 3, hash: d }, { index: 3, hash: d }], 7, [b, c, lNode])).toBeNull();
    expect(rootFromMultiInclusionProof([{ index: 7, hash: d }], 7, [])).toBeNull();
    expect(rootFromMultiInclusionProof([{ index: 0, hash: a }, { index: 3, hash: d }], 7, [b, c, lNode, k])).toBeNull();
    expect(rootFromMultiInclusionProof([{ index: 0, hash: a }, { index: 3, hash: d }], 7, [b, c])).toBeNull();
  });

  it("equal sizes need equal roots and no proof; the empty tree is a prefix of every tree", () => {
    expect(verifyConsistency(7, 7, root, root, [])).toBe(true);
    expect(verifyConsistency(7, 7, root, k, [])).toBe(false);
    expect(verifyConsistency(0, 7, EMPTY_TREE_HASH, root, [])).toBe(true);
    expect(consistencyProof(7, 7, sub)).toEqual([]);
  });
});

describe("proofs for random trees (fast-check; a failure prints its seed)", () => {
  it("every inclusion proof from the level cache verifies, equals the all-leaves proof, and fails for a neighbour's hash", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1200 }), fc.nat(), fc.nat(), (size, pick, salt) => {
        const data = leavesOf(size, salt & 0xff);
        const hashes = data.map(hashLeaf);
        const levels = new MerkleLevels();
        hashes.forEach((x) => levels.append(x));
        const treeSize = 1 + (pick % size);
        const index = (pick * 7919) % treeSize;
        const root = naiveMth(data.slice(0, treeSize));
        const proof = inclusionProof(index, treeSize, levels.subtree);
        expect(proof.map(hex)).toEqual(inclusionProof(index, treeSize, subtreeOfLeaves(hashes)).map(hex));
        expect(verifyInclusion(hashes[index], index, treeSize, proof, root)).toBe(true);
        expect(hex(rootFromInclusionProof(hashes[index], index, treeSize, proof)!)).toBe(hex(root));
        if (treeSize > 1) expect(verifyInclusion(hashes[(index + 1) % treeSize], index, treeSize, proof, root)).toBe(false);
      }),
      { numRuns: 100, verbose: 1 },
    );
  });

  it("every multi-leaf proof leads to the root, carries each shared node once, and fails if one leaf changes or moves", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1200 }), fc.uniqueArray(fc.nat(), { minLength: 1, maxLength: 40 }), (size, picks) => {
        const data = leavesOf(size);
        const hashes = data.map(hashLeaf);
        const levels = new MerkleLevels();
        hashes.forEach((x) => levels.append(x));
        const indexes = [...new Set(picks.map((p) => p % size))].sort((x, y) => x - y);
        const proof = multiInclusionProof(indexes, size, levels.subtree);
        const leaves = indexes.map((index) => ({ index, hash: hashes[index] }));
        const root = naiveMth(data);
        expect(hex(rootFromMultiInclusionProof(leaves, size, proof)!)).toBe(hex(root));
        // Never more hashes than the separate RFC audit paths together.
        expect(proof.length).toBeLessThanOrEqual(indexes.reduce((sum, i) => sum + inclusionProof(i, size, levels.subtree).length, 0));
        if (indexes.length === 1) expect(new Set(proof.map(hex))).toEqual(new Set(inclusionProof(indexes[0], size, levels.subtree).map(hex)));
        const changed = leaves.map((leaf, i) => (i === 0 ? { ...leaf, hash: hashLeaf(Uint8Array.of(9, 9, 9, 9, 9)) } : leaf));
        expect(rootFromMultiInclusionProof(changed, size, proof)).not.toEqual(root);
        const free = Array.from({ length: size }, (_, i) => i).find((i) => !indexes.includes(i));
        if (free !== undefined && indexes.length === 1) {
          const moved = rootFromMultiInclusionProof([{ index: free, hash: hashes[indexes[0]] }], size, proof);
          expect(moved === null || hex(moved) !== hex(root)).toBe(true);
        }
      }),
      { numRuns: 100, verbose: 1 },
    );
  });

  it("every consistency proof between two sizes verifies, and fails against a tree that differs in one leaf", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 1200 }), fc.nat(), fc.nat(), (second, pick, flip) => {
        const first = 1 + (pick % (second - 1));
        const data = leavesOf(second);
        const levels = new MerkleLevels();
        data.forEach((x) => levels.append(hashLeaf(x)));
        const proof = consistencyProof(first, second, levels.subtree);
        const oldRoot = naiveMth(data.slice(0, first));
        const newRoot = naiveMth(data);
        expect(verifyConsistency(first, second, oldRoot, newRoot, proof)).toBe(true);
        // A fork: the same sizes, one earlier leaf changed in the old tree.
        const forked = data.slice(0, first);
        const at = flip % first;
        forked[at] = Uint8Array.of(...forked[at], 0xff);
        expect(verifyConsistency(first, second, naiveMth(forked), newRoot, proof)).toBe(false);
        // Two leaves swapped in the new tree (a reorder) breaks it too, when they differ.
        if (first >= 2) {
          const reordered = data.slice();
          [reordered[0], reordered[first - 1]] = [reordered[first - 1], reordered[0]];
          expect(verifyConsistency(first, second, oldRoot, naiveMth(reordered), proof)).toBe(false);
        }
      }),
      { numRuns: 100, verbose: 1 },
    );
  });
});
