// XS entry for the cost figure: enroll, authenticate, and serve 600 records in sealed pages.
import { reportOutcome } from "../../xs/xs-send.js";
import { runSync } from "./sync-in-xs-common.js";

reportOutcome(() => runSync(600, true, false));
