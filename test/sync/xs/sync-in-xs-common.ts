// The badge's sync server inside the real XS engine (no Node APIs), driven by a host played with
// the same protocol modules: enroll, authenticate, then (if `read`) read the whole log in pages
// and acknowledge. With `verify` the host decrypts and checks every page; without, it only
// counts frames, so the XS compute meter is (nearly) the badge's own work.
import type { BadgeSyncBackend, LogEntry } from "../../../firmware/sync/sync-backend.js";
import { toHex } from "../../../firmware/core/bytes.js";
import * as sync from "../../../firmware/sync/index.js";

function payload(seq: number): Uint8Array {
  const out = new Uint8Array(12 + 20 * 4);
  out[0] = 1;
  out[1] = 4;
  for (let i = 2; i < out.length; i++) out[i] = (seq * 31 + i * 7) & 0xff;
  return out;
}

export function runSync(records: number, read: boolean, verify: boolean) {
  const RECORDS = records;
  const log: LogEntry[] = [];
  for (let s = 1; s <= RECORDS; s++) log.push({ seq: s, payload: payload(s) });
  let acked = 0;
  const backend: BadgeSyncBackend = {
    badgeId: () => "xs-badge",
    firmwareVersion: () => "xs",
    logStatus: () => ({ firstSeq: 1, nextSeq: RECORDS + 1, ackedSeq: acked, usedBytes: 0, capacityBytes: 1, droppedRecords: 0 }),
    readLog: (from, maxBytes) => {
      const out: LogEntry[] = [];
      let bytes = 0;
      for (const e of log) {
        if (e.seq < from) continue;
        if (out.length > 0 && bytes + e.payload.length > maxBytes) break;
        out.push(e);
        bytes += e.payload.length;
      }
      return out;
    },
    acknowledgeLog: (upTo) => {
      acked = Math.max(acked, upTo);
    },
    setClock: () => ({ previousWallMs: null, bootCount: 1, uptimeMs: 0 }),
    notifyExposure: () => undefined,
    requestReports: () => Promise.resolve([]),
    configure: () => undefined,
    forgetWearer: () => undefined,
  };
  const values = new Map<string, Uint8Array>();
  let counter = 0;
  const server = sync.createSyncServer({
    backend,
    settings: {
      get: (d, k) => values.get(d + "/" + k),
      set: (d, k, v) => void values.set(d + "/" + k, v),
      delete: (d, k) => void values.delete(d + "/" + k),
      keys: () => [],
    },
    entropy: { randomBytes: (n) => new Uint8Array(n).map(() => (counter = (counter * 1103515245 + 12345) & 0x7fffffff) & 0xff) },
    button: { onPress: () => undefined },
    dock: true,
  });

  let inbox: sync.Frame[] = [];
  const reader = new sync.FrameReader(
    (f) => inbox.push(f),
    (e) => {
      throw e;
    },
  );
  server.onSend((bytes) => reader.push(bytes));
  const clear = (type: number, body: Uint8Array): sync.Frame => {
    inbox = [];
    server.receive(sync.encodeClearFrame(type, body));
    if (inbox.length !== 1) throw new Error("expected one answer, got " + inbox.length);
    return inbox[0];
  };
  const clearBody = (f: sync.Frame, expect: number): Uint8Array => {
    if (f.kind !== sync.FrameKind.Clear || f.type !== expect) throw new Error("unexpected answer " + JSON.stringify(f));
    return f.body;
  };

  const hostId = new Uint8Array(16).fill(1);
  const secret = new Uint8Array(32).fill(2);
  clearBody(clear(sync.MessageType.Hello, sync.encodeHello({ version: 1, hostId })), sync.MessageType.HelloReply);
  clearBody(clear(sync.MessageType.Enroll, sync.encodeEnroll({ hostId, secret })), sync.MessageType.EnrollOk);
  const hello = sync.decodeHelloReply(clearBody(clear(sync.MessageType.Hello, sync.encodeHello({ version: 1, hostId })), sync.MessageType.HelloReply));
  const hostNonce = new Uint8Array(16).fill(3);
  const proof = sync.hostProof(secret, hello.badgeId, hello.badgeNonce, hostNonce);
  const theirs = sync.decodeAuthOk(clearBody(clear(sync.MessageType.Auth, sync.encodeAuth({ hostNonce, hostProof: proof })), sync.MessageType.AuthOk));
  if (!sync.proofsEqual(theirs, sync.badgeProof(secret, hello.badgeId, hello.badgeNonce, hostNonce))) throw new Error("badge proof did not verify");
  const cipher = new sync.SessionCipher(sync.deriveSessionKeys(secret, hello.badgeNonce, hostNonce), sync.Direction.HostToBadge);

  if (!read) return { engine: "XS", exact: true, records: 0, pages: 0, ackOk: 0, acked: 0 };
  const received: string[] = [];
  let from = 1;
  let ack: number | null = null;
  let pages = 0;
  while (from <= RECORDS) {
    inbox = [];
    server.receive(cipher.seal(sync.MessageType.ReadLog, sync.encodeReadLog({ ackUpTo: ack, fromSeq: from, maxBytes: 1024, pages: 4 })));
    for (const f of inbox) {
      if (f.kind !== sync.FrameKind.Sealed) throw new Error("clear frame inside the session");
      if (!verify) {
        pages++;
        from += Math.min(RECORDS + 1 - from, 10); // a 1024-byte page holds 10 entries of 92 + 6 bytes
        ack = from - 1;
        continue;
      }
      const opened = cipher.open(f);
      const page = sync.decodeLogPage(opened.body);
      pages++;
      for (const e of page.entries) received.push(e.seq + ":" + toHex(e.payload));
      if (page.entries.length) from = page.entries[page.entries.length - 1].seq + 1;
      ack = from - 1;
    }
  }
  if (!verify) return { engine: "XS", exact: true, records: RECORDS, pages, ackOk: 0, acked };
  inbox = [];
  server.receive(cipher.seal(sync.MessageType.Ack, sync.encodeSeq(RECORDS)));
  const ackOk = inbox[0].kind === sync.FrameKind.Sealed ? sync.decodeSeq(cipher.open(inbox[0]).body, "ACK_OK") : -1;
  const expected = log.map((e) => e.seq + ":" + toHex(e.payload));
  const hasNodeGlobals = typeof (globalThis as Record<string, unknown>).Buffer !== "undefined" || typeof (globalThis as Record<string, unknown>).process !== "undefined";
  return { engine: hasNodeGlobals ? "not XS" : "XS", exact: received.join(",") === expected.join(","), records: received.length, pages, ackOk, acked };
}
