// The host store: all of the host's SQL lives in this folder.
export { openStore } from "./open-store.js";
export type { OpenStoreOptions } from "./open-store.js";
export { HostStoreError, explainStoreFailure } from "./store-errors.js";
export type { StoreErrorKind } from "./store-errors.js";
export type { BadgeStatus, HostStore } from "./open-store.js";
export type { BadgeRecord } from "./badges.js";
export type { EmptyWindows, ScanWindow, StorePageResult, UnbasedRecord, WindowEntry } from "./contact-log.js";
export type { DailyExposure, PendingNotice } from "./exposures.js";
export type { CreatedReport, VerifiedReportEntry } from "./reports.js";
export { SCHEMA_VERSION } from "./migrations.js";
export { databasePath, ensureHome, homeDatabasePath, resolveHome } from "./home.js";
