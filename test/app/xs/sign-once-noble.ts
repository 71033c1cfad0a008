// XS entry: one report signed with noble's suite (builds its base-point tables first).
import { nobleSuite } from "../../../firmware/core/crypto-suite.js";
import { reportOutcome } from "../../xs/xs-send.js";
import { signOnce } from "./sign-once.js";

reportOutcome(() => signOnce(nobleSuite));
