#!/usr/bin/env node
import { main } from "./main.js";

// Exit only after stdout has drained: a pipe reader would otherwise lose the tail of a large --json.
main(process.argv).then((code) => {
  process.stdout.write("", () => process.exit(code));
});
