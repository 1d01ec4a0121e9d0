#!/usr/bin/env node
// Entry shim, CommonJS like dist/ (bin/package.json): Node 20 needs 15-20 ms to start its ESM loader, half of a
// cache hit's budget. The compile cache (Node >= 22.1, in a private directory: compile-cache.js) makes later
// starts faster; Node 20 simply skips it.
"use strict";
if (require("node:module").enableCompileCache) require("./compile-cache.js").enableCompileCache();
require("../dist/aztoken.js");
