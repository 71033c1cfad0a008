// XS entry: one report signed with the badge's table-free suite.
import { badgeSuite } from "../../../firmware/app/badge-crypto.js";
import { reportOutcome } from "../../xs/xs-send.js";
import { signOnce } from "./sign-once.js";

reportOutcome(() => signOnce(badgeSuite));
