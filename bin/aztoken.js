#!/usr/bin/env node
// Entry shim: the compile cache (Node >= 22.1) makes the second start faster; Node 20 simply skips it.
import module from "node:module";
try {
  module.enableCompileCache?.();
} catch {
  // best effort only
}
await import("../dist/aztoken.js");
