// The sync protocol (docs/sync-protocol.md): framing, messages, session crypto, the badge's server.
export * from "./errors.js";
export * from "./frame.js";
export * from "./messages.js";
export * from "./session-crypto.js";
export * from "./enrollment.js";
export * from "./sync-server.js";
export type * from "./sync-backend.js";
export { ByteReader, ByteWriter, utf8Decode, utf8Encode } from "./wire.js";
export * from "./gatt.js";
