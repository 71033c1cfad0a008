// What the server answers about its report log: the signed head of the current size, inclusion
// proofs and consistency proofs. Each instance mirrors the database's leaf hashes in a level
// cache (appended in leaf order, never rewritten), so a proof costs O(log² n) hashes.
import { consistencyProof, equalHashes, inclusionProof, multiInclusionProof } from "../report-log/merkle.js";
import { MerkleLevels } from "../report-log/merkle-levels.js";
import { signTreeHead } from "../report-log/tree-head.js";
import type { TreeHead } from "../report-log/tree-head.js";
import type { LogKey } from "../report-log/log-key.js";
import type { ReportLogDb } from "./report-log-db.js";

/** A request the log cannot answer as asked (the route turns it into 400 or 404). */
export class LogRequestError extends Error {
  constructor(readonly status: 400 | 404, message: string) {
    super(message);
    this.name = "LogRequestError";
  }
}

export interface InclusionAnswer {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly auditPath: Uint8Array[];
}

export class ReportLogService {
  private readonly levels = new MerkleLevels();
  private syncing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: ReportLogDb,
    readonly key: LogKey,
    private readonly now: () => number,
  ) {}

  /** Refuses to serve a log that another key has signed (instances must share one key file). */
  async claimKey(): Promise<void> {
    const recorded = await this.db.claimLogKey(this.key.publicKey);
    if (!equalHashes(recorded, this.key.publicKey)) {
      throw new Error(
        `this database's report log is signed with the key ${Buffer.from(recorded).toString("base64")}, and this server has ${Buffer.from(this.key.publicKey).toString("base64")} (${this.key.source}); ` +
          "give --log-key the key file the other instances use",
      );
    }
  }

  /** Brings the level cache up to `size` leaves, one loader at a time. */
  private ensure(size: number): Promise<void> {
    const run = this.syncing.then(async () => {
      if (this.levels.size >= size) return;
      for (const hash of await this.db.leafHashes(this.levels.size, size)) this.levels.append(hash);
    });
    this.syncing = run.catch(() => undefined);
    return run;
  }

  private async checkSize(treeSize: number, what: string): Promise<void> {
    const size = await this.db.logSize();
    if (treeSize > size) throw new LogRequestError(400, `${what} ${treeSize} is beyond the log's size ${size}; ask /tcnlog/v1/sth for the current head`);
    await this.ensure(treeSize);
  }

  /** The head of the current size: the one kept for that size, else a fresh one signed now. */
  async currentHead(): Promise<TreeHead> {
    const size = await this.db.logSize();
    await this.ensure(size);
    const root = this.levels.root(size);
    const kept = (await this.db.treeHead(size)) ?? (await this.db.saveTreeHead(signTreeHead(size, this.now(), root, this.key.seed)));
    if (!equalHashes(kept.rootHash, root)) {
      throw new Error(`report log damaged: the kept head of size ${size} has a root that the stored leaves do not give; the database was changed outside the server`);
    }
    return kept;
  }

  async inclusionByIndex(leafIndex: number, treeSize: number): Promise<InclusionAnswer> {
    await this.checkSize(treeSize, "treeSize");
    if (leafIndex >= treeSize) throw new LogRequestError(404, `leaf ${leafIndex} is not in the tree of size ${treeSize}`);
    return { leafIndex, treeSize, auditPath: inclusionProof(leafIndex, treeSize, this.levels.subtree) };
  }

  async inclusionByHash(leafHash: Uint8Array, treeSize: number): Promise<InclusionAnswer | null> {
    await this.checkSize(treeSize, "treeSize");
    const index = await this.db.leafIndexOf(leafHash);
    if (index === null || index >= treeSize) return null;
    return { leafIndex: index, treeSize, auditPath: inclusionProof(index, treeSize, this.levels.subtree) };
  }

  /** Where each hash sits in the tree of `treeSize` (null: not there), and one proof for all that are there. */
  async inclusionOfMany(leafHashes: readonly Uint8Array[], treeSize: number): Promise<{ leafIndexes: (number | null)[]; proof: Uint8Array[] }> {
    await this.checkSize(treeSize, "treeSize");
    const leafIndexes = (await this.db.leafIndexesOf(leafHashes)).map((index) => (index !== null && index < treeSize ? index : null));
    const found = [...new Set(leafIndexes.filter((i): i is number => i !== null))].sort((a, b) => a - b);
    return { leafIndexes, proof: multiInclusionProof(found, treeSize, this.levels.subtree) };
  }

  /** The reports at leaves [start, end) of the log. */
  async leaves(start: number, end: number, max: number): Promise<Uint8Array[]> {
    if (start >= end || end - start > max) throw new LogRequestError(400, `ask for 1 to ${max} leaves: start < end ≤ start + ${max} (got start ${start}, end ${end})`);
    await this.checkSize(end, "end");
    return this.db.leafReports(start, end);
  }

  async consistency(first: number, second: number): Promise<Uint8Array[]> {
    if (first > second) throw new LogRequestError(400, `first (${first}) must not be larger than second (${second})`);
    await this.checkSize(second, "second");
    return first === 0 ? [] : consistencyProof(first, second, this.levels.subtree);
  }
}
