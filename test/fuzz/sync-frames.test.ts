// Fuzz: the sync link's parsers. Before decryption: COBS framing, CRC and frame headers, on any
// byte stream. At decryption: forged or damaged sealed frames. After decryption: every message
// decoder on any body. Each input is a frame or a typed SyncError; nothing else escapes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as sync from "../../firmware/sync/index.js";
import { acceptOrReject, fuzzParameters } from "./fuzz-runs.js";

const { Direction, FrameReader, SessionCipher, SyncError, deriveSessionKeys } = sync;

function framesOf(bytes: Uint8Array): { frames: sync.Frame[]; damage: sync.SyncError[] } {
  const frames: sync.Frame[] = [];
  const damage: sync.SyncError[] = [];
  const reader = new FrameReader((f) => frames.push(f), (e) => damage.push(e));
  reader.push(bytes);
  return { frames, damage };
}

const keys = deriveSessionKeys(new Uint8Array(32).fill(1), new Uint8Array(16).fill(2), new Uint8Array(16).fill(3));
const validWire = [
  sync.encodeClearFrame(sync.MessageType.Hello, sync.encodeHello({ version: 1, hostId: new Uint8Array(16).fill(4) })),
  new SessionCipher(keys, Direction.HostToBadge).seal(sync.MessageType.ReadLog, sync.encodeReadLog({ ackUpTo: 3, fromSeq: 4, maxBytes: 4096, pages: 2 })),
];

describe("fuzz: sync frames before decryption", () => {
  it("fuzz: the frame reader turns any byte stream into whole frames or typed damage reports, never a throw", () => {
    const stream = fc.oneof(
      fc.uint8Array({ maxLength: 6000 }),
      fc.array(fc.oneof(fc.constantFrom(...validWire), fc.uint8Array({ maxLength: 40 })), { maxLength: 6 }).map((parts) => Uint8Array.from(parts.flatMap((p) => [...p]))),
    );
    fc.assert(
      fc.property(stream, fc.nat({ max: 5 }), (bytes, flips) => {
        const damaged = bytes.slice();
        for (let i = 0; i < flips && damaged.length > 0; i++) damaged[(i * 7919) % damaged.length] ^= 0x5a;
        const { frames, damage } = framesOf(damaged);
        for (const e of damage) expect(e).toBeInstanceOf(SyncError);
        for (const f of frames) {
          if (f.kind === sync.FrameKind.Clear) expect(f.body.length).toBeLessThanOrEqual(sync.MAX_FRAME_BYTES);
          else expect(f.sealed.length).toBeLessThanOrEqual(sync.MAX_FRAME_BYTES);
        }
      }),
      fuzzParameters(1500, 3),
    );
  });

  it("fuzz: a frame parser accepts or rejects any decoded block with a typed error", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (block) => {
        acceptOrReject(() => sync.parseFrame(block), SyncError);
      }),
      fuzzParameters(3000),
    );
  });
});

describe("fuzz: sync frames at decryption", () => {
  it("fuzz: a forged or damaged sealed frame is refused with a typed error and does not move the session on", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 200 }), fc.nat({ max: 3 }), (sealed, counter) => {
        const sender = new SessionCipher(keys, Direction.HostToBadge);
        const receiver = new SessionCipher(keys, Direction.BadgeToHost);
        const header = sync.sealedHeader(counter);
        const forged: sync.SealedFrame = { kind: sync.FrameKind.Sealed, counter, header, sealed };
        const result = acceptOrReject(() => receiver.open(forged), SyncError);
        expect(result.ok).toBe(false);
        // The next genuine frame still opens: the refusal changed nothing.
        const { frames } = framesOf(sender.seal(sync.MessageType.StatusGet, new Uint8Array(0)));
        expect(receiver.open(frames[0] as sync.SealedFrame).type).toBe(sync.MessageType.StatusGet);
      }),
      fuzzParameters(1000, 2),
    );
  });
});

const DECODERS: Record<string, (body: Uint8Array) => unknown> = {
  HELLO: sync.decodeHello,
  HELLO_REPLY: sync.decodeHelloReply,
  AUTH: sync.decodeAuth,
  AUTH_OK: sync.decodeAuthOk,
  ENROLL: sync.decodeEnroll,
  STATUS: sync.decodeStatus,
  READ_LOG: sync.decodeReadLog,
  LOG_PAGE: sync.decodeLogPage,
  ACK: (b) => sync.decodeSeq(b, "ACK"),
  SET_CLOCK: sync.decodeSetClock,
  CLOCK_SET: sync.decodeClockSet,
  NOTIFY: sync.decodeNotify,
  REQUEST_REPORTS: sync.decodeRequestReports,
  GET_REPORT: (b) => sync.decodeCount(b, "GET_REPORT"),
  CONFIGURE: sync.decodeConfigure,
  ERROR: sync.decodeError,
};

describe("fuzz: sync messages after decryption", () => {
  it("fuzz: every message decoder accepts or rejects any body with a typed error, within the body's size", () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(DECODERS)), fc.uint8Array({ maxLength: 600 }), (name, body) => {
        const decoded = acceptOrReject(() => DECODERS[name](body), SyncError);
        // No decoder allocates past what the body carries (counts are checked against the bytes).
        if (decoded.ok && name === "LOG_PAGE") expect((decoded.value as sync.LogPage).entries.length * 6).toBeLessThanOrEqual(body.length);
        if (decoded.ok && name === "CONFIGURE") expect((decoded.value as Map<string, unknown>).size * 3).toBeLessThanOrEqual(body.length);
      }),
      fuzzParameters(5000),
    );
  });
});
