import fc from "fast-check";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  decodeError,
  deriveSessionKeys,
  Direction,
  encodeClearFrame,
  Frame,
  FrameKind,
  FrameReader,
  MessageType,
  SessionCipher,
  SyncError,
  SyncErrorCode,
} from "../../firmware/sync/index.js";
import { openStore } from "../../host/store/index.js";
import { enrollBadge, syncBadge, VirtualClock } from "../../host/sync/index.js";
import { allBytes, connect, containsSequence, newBadge } from "./harness.js";

function framesIn(chunks: Uint8Array[]): Frame[] {
  const frames: Frame[] = [];
  const reader = new FrameReader(
    (f) => frames.push(f),
    () => undefined,
  );
  for (const c of chunks) reader.push(c);
  return frames;
}

describe("security", () => {
  it("a host that was not enrolled gets nothing but an error", async () => {
    const clock = new VirtualClock(1_767_225_600_000);
    const owner = openStore(":memory:");
    const stranger = openStore(":memory:");
    const badge = newBadge("guarded", 20);
    await clock.run(enrollBadge(connect(badge, clock).link.host, owner, { timers: clock }));
    // The stranger knows the badge's id and even has a row for it with a guessed secret.
    stranger.pendingEnrollmentSecret("guarded", "x");
    stranger.confirmEnrollment("guarded", "x");
    const { link } = connect(badge, clock, { record: true });
    await expect(clock.run(syncBadge(link.host, stranger, { timers: clock }))).rejects.toMatchObject({ code: SyncErrorCode.AlreadyEnrolled });
    // And forcing its way past the host-id check: AUTH with the wrong secret.
    const forced = connect(badge, clock, { record: true });
    const strangerWithOwnersId = Object.assign(Object.create(stranger), { hostId: () => owner.hostId() });
    await expect(clock.run(syncBadge(forced.link.host, strangerWithOwnersId, { timers: clock }))).rejects.toMatchObject({ code: SyncErrorCode.AuthFailed, remote: true });
    for (const frame of framesIn(forced.link.stats.recorded.toHost)) {
      expect(frame.kind).toBe(FrameKind.Clear);
      if (frame.kind === FrameKind.Clear) expect([MessageType.HelloReply, MessageType.Error]).toContain(frame.type);
    }
    expect(stranger.storedRecordCount("guarded")).toBe(0);
    expect(badge.backend.ackedSeq).toBe(-1);
  });

  it("a recorded session replayed to the badge gets nothing", async () => {
    const clock = new VirtualClock(1_767_225_600_000);
    const store = openStore(":memory:");
    const badge = newBadge("replayed", 12);
    await clock.run(enrollBadge(connect(badge, clock).link.host, store, { timers: clock }));
    store.recordExposures([{ badgeId: "replayed", day: 20454, weightedMinutes: 30, level: "alert" }]);
    const recorded = connect(badge, clock, { record: true });
    await clock.run(syncBadge(recorded.link.host, store, { timers: clock }));
    const noticesBefore = badge.backend.notices.length;
    badge.backend.ackedSeq = -1; // as if nothing had been acknowledged: a replayed ACK must not count

    const replay = connect(badge, clock, { record: true });
    const answers: Uint8Array[] = [];
    replay.link.host.onData((b) => answers.push(b));
    for (const frame of recorded.link.stats.recorded.toBadge) {
      replay.link.host.send(frame);
      await clock.runUntilIdle();
    }
    const frames = framesIn(answers);
    expect(frames.some((f) => f.kind === FrameKind.Sealed)).toBe(false);
    const errors = frames.filter((f): f is Extract<Frame, { kind: 1 }> => f.kind === FrameKind.Clear && f.type === MessageType.Error).map((f) => decodeError(f.body).code);
    expect(errors).toContain(SyncErrorCode.AuthFailed);
    expect(badge.backend.ackedSeq).toBe(-1);
    expect(badge.backend.notices.length).toBe(noticesBefore);
  });

  it("a flipped bit anywhere in a sealed frame is rejected, even with a recomputed CRC", () => {
    const keys = deriveSessionKeys(new Uint8Array(32).fill(9), new Uint8Array(16).fill(1), new Uint8Array(16).fill(2));
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), fc.nat(), fc.integer({ min: 0, max: 7 }), (body, position, bit) => {
        const sender = new SessionCipher(keys, Direction.BadgeToHost);
        const frame = framesIn([sender.seal(MessageType.LogPage, body)])[0];
        if (frame.kind !== FrameKind.Sealed) throw new Error("expected a sealed frame");
        // An attacker who also fixes the CRC: flip a bit of header or ciphertext, then re-frame.
        const content = new Uint8Array([...frame.header, ...frame.sealed]);
        content[position % content.length] ^= 1 << bit;
        const receiver = new SessionCipher(keys, Direction.HostToBadge);
        const forged = {
          kind: FrameKind.Sealed,
          header: content.slice(0, 5),
          counter: (content[1] | (content[2] << 8) | (content[3] << 16) | (content[4] << 24)) >>> 0,
          sealed: content.slice(5),
        } as const;
        expect(() => receiver.open(forged)).toThrow(SyncError);
      }),
      { numRuns: 300 },
    );
  });

  it("a flipped bit anywhere in any frame on the wire fails its CRC", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), fc.nat(), fc.integer({ min: 0, max: 7 }), (body, position, bit) => {
        const wire = encodeClearFrame(MessageType.Hello, body);
        const inner = wire.slice(1, wire.length - 1); // between the delimiters
        const i = position % inner.length;
        inner[i] ^= 1 << bit;
        const frames: Frame[] = [];
        const damage: SyncError[] = [];
        new FrameReader(
          (f) => frames.push(f),
          (e) => damage.push(e),
        ).push(new Uint8Array([0, ...inner, 0]));
        expect(frames).toHaveLength(0);
        // A flip that makes a 0x00 cuts the frame in two: two damaged pieces (or one and an empty).
        expect(damage.length).toBeGreaterThanOrEqual(1);
        expect(damage.every((e) => e.code === SyncErrorCode.BadFrame)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("the rak's bytes appear in no frame and nowhere in the host database", async () => {
    const clock = new VirtualClock(1_767_225_600_000);
    const home = mkdtempSync(join(tmpdir(), "tcn-rak-"));
    const store = openStore(join(home, "host.db"));
    const badge = newBadge("rak-holder", 30);
    const enrolled = connect(badge, clock, { record: true });
    await clock.run(enrollBadge(enrolled.link.host, store, { timers: clock }));
    const synced = connect(badge, clock, { record: true });
    await clock.run(syncBadge(synced.link.host, store, { timers: clock, requestReports: { days: 14, memoType: 0, memo: new Uint8Array([7]) } }));
    expect(store.pendingReportUploads()).toHaveLength(1);
    store.close();
    const rak = badge.backend.rak;
    // Any 8 consecutive bytes of the rak would be a leak, not only all 32.
    const pieces = [0, 8, 16, 24].map((at) => rak.slice(at, at + 8));
    const haystacks = [...allBytes(enrolled.link), ...allBytes(synced.link), ...readdirSync(home).map((f) => new Uint8Array(readFileSync(join(home, f))))];
    expect(haystacks.length).toBeGreaterThan(4);
    for (const hay of haystacks) for (const piece of pieces) expect(containsSequence(hay, piece)).toBe(false);
    // The scan itself works: the report's public rvk is in a frame.
    const report = openStore(join(home, "host.db")).pendingReportUploads()[0].bytes;
    expect(synced.link.stats.recorded.toHost.some((f) => f.length > 100)).toBe(true);
    expect(report.length).toBeGreaterThan(134);
  });

  it("no log payload travels in clear: record bytes are absent from the wire", async () => {
    const clock = new VirtualClock(1_767_225_600_000);
    const store = openStore(":memory:");
    const badge = newBadge("private", 10, 3);
    await clock.run(enrollBadge(connect(badge, clock).link.host, store, { timers: clock }));
    const { link } = connect(badge, clock, { record: true });
    await clock.run(syncBadge(link.host, store, { timers: clock }));
    expect(store.storedRecordCount("private")).toBe(10);
    for (const entry of badge.backend.log) {
      const tcn = entry.payload.slice(12, 28);
      for (const frame of allBytes(link)) expect(containsSequence(frame, tcn)).toBe(false);
    }
  });
});
