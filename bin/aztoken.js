#!/usr/bin/env node
// Entry shim, CommonJS like dist/ (bin/package.json): Node 20 needs 15-20 ms to start its ESM loader, half of a
// cache hit's budget. dist/aztoken.js runs through a V8 code cache (code-cache.js); the chunks that only other
// paths load use Node's compile cache where the runtime has one (Node >= 22.1). Both live in one private
// per-user directory (compile-cache.js).
"use strict";
const { privateCacheDir, useCompileCache } = require("./compile-cache.js");
const cacheDir = privateCacheDir();
useCompileCache(require("node:module"), cacheDir);
require("./code-cache.js").runWithCodeCache(require("node:path").join(__dirname, "..", "dist", "aztoken.js"), cacheDir);
