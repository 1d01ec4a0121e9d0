// Node builtins loaded when first needed, as the mutable CommonJS exports object (what require() returns).
// Not createRequire: importing node:module loads that builtin and the ESM loader with it at start, ~0.7 ms of a
// cache hit that needs neither. process.getBuiltinModule (Node >= 20.16) loads only the builtin asked for.
import type * as Crypto from "node:crypto";
import type * as Fs from "node:fs";
import type * as Net from "node:net";
import type * as Os from "node:os";
import type * as Tls from "node:tls";
import type * as Tty from "node:tty";

interface Builtins {
  "node:crypto": typeof Crypto;
  "node:fs": typeof Fs;
  "node:net": typeof Net;
  "node:os": typeof Os;
  "node:tls": typeof Tls;
  "node:tty": typeof Tty;
}

export function builtinModule<Id extends keyof Builtins>(id: Id): Builtins[Id] {
  if (typeof process.getBuiltinModule === "function") return process.getBuiltinModule(id) as Builtins[Id];
  // Node 20.0-20.15: dist/ is CommonJS, where require is in scope (the tests run on Node with getBuiltinModule)
  return require(id) as Builtins[Id];
}
