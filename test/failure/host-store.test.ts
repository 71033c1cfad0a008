// The host store's failure modes: a full disk, a corrupt or foreign file, two processes on one
// store, and the --home folder rules. Each error names the file and what to do.
import Database from "better-sqlite3";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Worker } from "node:worker_threads";
import { databasePath, ensureHome, explainStoreFailure, homeDatabasePath, HostStoreError, openStore, resolveHome } from "../../host/store/index.js";

const require = createRequire(import.meta.url);
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tcn-store-failure-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function storeError(run: () => unknown): HostStoreError {
  try {
    run();
  } catch (error) {
    if (error instanceof HostStoreError) return error;
    throw error;
  }
  throw new Error("expected a HostStoreError, nothing was thrown");
}

const entry = (i: number) => ({ bodyKey: `key-${i}`, bytes: new Uint8Array(2000).fill(i & 0xff) });

describe("failure: a full disk", () => {
  it("a write that does not fit fails as 'full', naming the file, and leaves no part of its batch", () => {
    const path = join(dir, "host.db");
    openStore(path).close();
    const store = openStore(path, { maxPageCount: 40 });
    let kept = 0;
    const error = storeError(() => {
      try {
        for (let batch = 0; batch < 100; batch++) {
          store.cacheVerifiedReports("http://s", [0, 1, 2, 3, 4].map((k) => entry(batch * 5 + k)), String(batch));
          kept = (batch + 1) * 5;
        }
      } catch (error) {
        throw explainStoreFailure(error, path); // what the CLI does with an error met mid-command
      }
    });
    expect(error.kind).toBe("full");
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/Free some space/);
    // Whole batches only: the failed batch left neither reports nor a cursor behind.
    expect(store.verifiedReportCount()).toBe(kept);
    expect(store.getFetchCursor("http://s")).toBe(String(kept / 5 - 1));
    expect(store.integrityCheck()).toBe("ok");
    store.close();
  });
});

describe("failure: a corrupt or foreign store", () => {
  it("a host.db that is not SQLite is refused at start, naming the file and how to start over", () => {
    const path = join(dir, "host.db");
    writeFileSync(path, "this is not a database ".repeat(500));
    const error = storeError(() => openStore(path));
    expect(error.kind).toBe("corrupt");
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/mv .*host\.db.*host\.db\.damaged/);
    expect(readFileSync(path, "utf8")).toMatch(/^this is not a database/); // left as it was
  });

  it("a store whose pages were overwritten is refused at start or by the integrity check, never read as data", () => {
    const path = join(dir, "host.db");
    const store = openStore(path);
    store.cacheVerifiedReports("http://s", [entry(1), entry(2)], "7");
    store.close();
    const bytes = readFileSync(path);
    bytes.fill(0x5a, 100, 4096 * 2); // the header's tail and the schema page
    writeFileSync(path, bytes);
    let outcome: string;
    try {
      const reopened = openStore(path);
      outcome = reopened.integrityCheck();
      reopened.close();
    } catch (error) {
      expect(error).toBeInstanceOf(HostStoreError);
      expect((error as HostStoreError).message).toContain(path);
      outcome = (error as HostStoreError).kind;
    }
    expect(outcome).not.toBe("ok");
  });

  it("an SQLite database of another program is refused and left untouched", () => {
    const path = join(dir, "host.db");
    const other = new Database(path);
    other.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)");
    other.close();
    const error = storeError(() => openStore(path));
    expect(error.kind).toBe("foreign");
    expect(error.message).toContain(path);
    expect(error.message).toContain("invoices");
    const check = new Database(path);
    expect((check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name)).toEqual(["invoices"]);
    check.close();
  });
});

describe("failure: two host processes on one store", () => {
  it("a second writer waits for the first one's transaction and then goes on", async () => {
    const path = join(dir, "host.db");
    openStore(path).close();
    // The first process: holds the write lock for 300 ms on its own thread, flags its commit.
    const shared = new SharedArrayBuffer(4);
    const first = new Worker(
      `const Database = require(${JSON.stringify(require.resolve("better-sqlite3"))});
       const db = new Database(${JSON.stringify(path)});
       db.exec("BEGIN IMMEDIATE");
       require("node:worker_threads").parentPort.postMessage("locked");
       const flag = new Int32Array(require("node:worker_threads").workerData);
       Atomics.wait(flag, 0, 0, 300);
       Atomics.store(flag, 0, 1);
       db.exec("COMMIT");
       db.close();`,
      { eval: true, workerData: shared },
    );
    await new Promise((resolve) => first.once("message", resolve));
    const store = openStore(path, { busyTimeoutMs: 10_000 });
    store.setFetchCursor("http://s", "1");
    expect(Atomics.load(new Int32Array(shared), 0)).toBe(1); // written only once the first had committed
    expect(store.getFetchCursor("http://s")).toBe("1");
    store.close();
    await first.terminate();
  });

  it("a second writer that waits past the timeout gets a clear 'busy' error naming the file", () => {
    const path = join(dir, "host.db");
    openStore(path).close();
    const holder = new Database(path);
    holder.exec("BEGIN IMMEDIATE");
    const store = openStore(path, { busyTimeoutMs: 100 });
    const error = storeError(() => {
      try {
        store.setFetchCursor("http://s", "1");
      } catch (e) {
        throw explainStoreFailure(e, path);
      }
    });
    expect(error.kind).toBe("busy");
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/another tcn-badge process/);
    holder.exec("ROLLBACK");
    holder.close();
    store.close();
  });
});

describe("failure: the --home folder", () => {
  it("an empty --home is refused instead of meaning the current folder", () => {
    expect(storeError(() => resolveHome("")).kind).toBe("bad-home");
  });

  it("a new home is created 0700; an existing open one is warned about and never chmodded", () => {
    const fresh = join(dir, "new", "home");
    ensureHome(fresh);
    expect(statSync(fresh).mode & 0o777).toBe(0o700);
    const shared = join(dir, "shared");
    mkdirSync(shared);
    chmodSync(shared, 0o755);
    const warnings: string[] = [];
    ensureHome(shared, { warn: (m) => warnings.push(m) });
    expect(statSync(shared).mode & 0o777).toBe(0o755);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(shared);
    expect(warnings[0]).toMatch(/chmod 700/);
    const quiet: string[] = [];
    ensureHome(fresh, { warn: (m) => quiet.push(m) });
    expect(quiet).toEqual([]);
  });

  it("a read-only use refuses a missing home or store and creates nothing", () => {
    const missing = join(dir, "nonexistent", "dir");
    expect(storeError(() => homeDatabasePath(missing, { existing: true })).kind).toBe("missing");
    expect(() => statSync(missing)).toThrow();
    const empty = join(dir, "empty");
    mkdirSync(empty, { mode: 0o700 });
    const error = storeError(() => homeDatabasePath(empty, { existing: true }));
    expect(error.kind).toBe("missing");
    expect(error.message).toContain(databasePath(empty));
    expect(() => statSync(databasePath(empty))).toThrow();
  });

  it("a home that is a file, or under a file, is refused naming it", () => {
    const file = join(dir, "passwd");
    writeFileSync(file, "root:x:0:0\n");
    const isFile = storeError(() => homeDatabasePath(file));
    expect(isFile.kind).toBe("bad-home");
    expect(isFile.message).toContain(file);
    const under = storeError(() => homeDatabasePath(join(file, "sub")));
    expect(under.kind).toBe("bad-home");
    expect(under.message).toContain(join(file, "sub"));
  });
});
