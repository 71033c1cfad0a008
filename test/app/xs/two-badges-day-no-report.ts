// XS entry: two badges for a simulated day, no report (the heap figure without the signer's tables).
import { reportOutcome } from "../../xs/xs-send.js";
import { twoBadgesForADay } from "./badge-day.js";

reportOutcome(() => twoBadgesForADay(false));
