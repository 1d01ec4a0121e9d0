// Bundles the CLI into dist/ with esbuild. Code behind `await import()` becomes its own chunk, so the
// cache-hit path loads only what it uses (no MSAL, no @azure/identity, no YAML).
import { build } from "esbuild";
import { rmSync, existsSync } from "node:fs";

rmSync("dist", { recursive: true, force: true });

const entryPoints = { aztoken: "src/bin.ts" };
for (const [name, file] of Object.entries({ demo: "demo/demo.ts", bench: "bench/bench.ts", "fake-entra": "test/support/fake-entra/main.ts" })) {
  if (existsSync(file)) entryPoints[name] = file;
}

await build({
  entryPoints,
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: false,
  minifySyntax: true,
  chunkNames: "chunks/[name]-[hash]",
  legalComments: "none",
  logLevel: "warning",
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: { js: 'import { createRequire as __aztCreateRequire } from "node:module"; const require = __aztCreateRequire(import.meta.url);' },
});
