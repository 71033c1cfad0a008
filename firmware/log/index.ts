// The badge's power-safe ring log in raw NOR flash.
export { FlashLog } from "./flash-log.js";
export type { AppendResult, FlashLogOptions, FlashLogStatus, FullPolicy, LoggedRecord } from "./flash-log.js";
export { FlashLogError } from "./errors.js";
export type { FlashLogErrorCode } from "./errors.js";
export { crc32 } from "../core/crc32.js";
export { RECORD_HEADER_BYTES, SECTOR_HEADER_BYTES, META_SECTORS, maxPayloadFor } from "./layout.js";
