// The contract the app implements now lives with the protocol that needs it (firmware/sync).
export type * from "../sync/sync-backend.js";
