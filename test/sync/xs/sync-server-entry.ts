// XS entry: enroll, authenticate, read 60 records in sealed pages, verify every byte.
import { reportOutcome } from "../../xs/xs-send.js";
import { runSync } from "./sync-in-xs-common.js";

reportOutcome(() => runSync(60, true, true));
