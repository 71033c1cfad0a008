// XS entry: two badges for a simulated day, then a report signed inside XS.
import { reportOutcome } from "../../xs/xs-send.js";
import { twoBadgesForADay } from "./badge-day.js";

reportOutcome(() => twoBadgesForADay(true));
