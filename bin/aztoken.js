#!/usr/bin/env node
// Entry shim, CommonJS like dist/ (bin/package.json): Node 20 needs 15-20 ms to start its ESM loader, half of a
// cache hit's budget. The compile cache (Node >= 22.1) makes the second start faster; Node 20 simply skips it.
"use strict";
try {
  require("node:module").enableCompileCache?.();
} catch {
  // best effort only
}
require("../dist/aztoken.js");
