// XS entry for the cost figure: enroll and authenticate only (the baseline).
import { reportOutcome } from "../../xs/xs-send.js";
import { runSync } from "./sync-in-xs-common.js";

reportOutcome(() => runSync(600, false, false));
