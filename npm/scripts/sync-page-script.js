// Ships capture's one in-page script with the package: copies
// src/smartling_context/capture/page.js byte for byte and writes its configuration
// (the marker definitions) as the Python package makes it, so the page runs exactly
// the script `smartling-context capture` runs. Runs before `npm test` and `npm pack`.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

const here = path.resolve(__dirname, "..");
const src = path.resolve(here, "..", "src");
fs.copyFileSync(path.join(src, "smartling_context", "capture", "page.js"), path.join(here, "page.js"));
const python = process.env.PYTHON || "python3";
const config = execFileSync(python, [
  "-c",
  "import sys; sys.path.insert(0, sys.argv[1]); " +
    "from smartling_context.capture.page_document import page_config; " +
    "sys.stdout.write(page_config())",
  src,
]);
fs.writeFileSync(path.join(here, "page-config.json"), config);
