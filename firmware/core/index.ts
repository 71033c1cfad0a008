// The protocol core: everything the badge and the host share about TCN bytes.
export * from "./base64.js";
export * from "./bytes.js";
export * from "./crypto-suite.js";
export * from "./errors.js";
export * from "./keys.js";
export * from "./memo.js";
export * from "./report.js";
export * from "./log-record.js";
