// Bundles the CLI into dist/ with esbuild. Code behind `await import()` becomes its own chunk, so the
// cache-hit path loads only what it uses (no MSAL, no @azure/identity, no YAML). The output is then made
// CommonJS with the cache-hit path folded into dist/aztoken.js: see scripts/commonjs.mjs for why.
import { build } from "esbuild";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, posix, relative } from "node:path";
import { chunkStub, hoistHotChunks, hotChunks, sharedHotChunks, toCommonJs } from "./commonjs.mjs";
import { bundledPackageDirs, renderNotices } from "./notices.mjs";

const OUT = "dist";
const CLI_ENTRY = "src/bin.ts";
// The dynamic imports a cache hit (`get-token`, `--query`, `-o json|tsv`, `exec-credential`) goes through; `npm run bench` shows
// what leaving one out costs.
// JMESPath stays out: run.ts answers a plain `--query name` itself.
const HOT_DYNAMIC_IMPORTS = [
  "src/core/output/index.ts",
  "src/cli/commands/account/get-access-token.ts",
  "src/cli/commands/kubernetes/exec-credential.ts",
];

rmSync(OUT, { recursive: true, force: true });

const options = {
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: false,
  minifySyntax: true,
  legalComments: "none",
  logLevel: "warning",
  metafile: true,
  write: false,
};

// The CLI and the tools (demo, bench, standalone fake) are built apart, so no tool shares a chunk with the CLI.
const cli = await build({ ...options, entryPoints: { aztoken: CLI_ENTRY }, chunkNames: "chunks/[name]-[hash]" });
const toolEntries = {};
for (const [name, file] of Object.entries({ demo: "demo/demo.ts", bench: "bench/bench.ts", "fake-entra": "test/support/fake-entra/main.ts" })) {
  if (existsSync(file)) toolEntries[name] = file;
}
const tools = Object.keys(toolEntries).length > 0 ? await build({ ...options, entryPoints: toolEntries, chunkNames: "tools/[name]-[hash]" }) : undefined;

const outputs = cli.metafile.outputs;
const entry = Object.keys(outputs).find((file) => outputs[file].entryPoint === CLI_ENTRY);
const key = (file) => posix.relative(OUT, file);
const hot = hotChunks(outputs, entry, HOT_DYNAMIC_IMPORTS);
const bundledIntoEntry = new Set([entry, ...hot].map(key));

// Every output as CommonJS, keyed by its path relative to dist/ (posix separators, as the metafile has them);
// the entry and the hot chunks come from the second pass below, from their ESM text.
const files = new Map();
const cliEsm = new Map();
for (const result of [cli, tools]) {
  for (const file of result?.outputFiles ?? []) {
    const name = relative(OUT, file.path).split("\\").join("/");
    if (result === cli) cliEsm.set(name, file.text);
    if (!(result === cli && bundledIntoEntry.has(name))) files.set(name, await toCommonJs(file.text));
  }
}

const shared = sharedHotChunks(outputs, entry, hot).map(({ file, exports }) => ({ key: key(file), exports }));
files.set(key(entry), await hoistHotChunks(cliEsm, key(entry), [...hot].map(key), shared));
for (const chunk of hot) files.set(key(chunk), chunkStub(key(chunk)));
files.set("package.json", '{ "type": "commonjs" }\n');
// The CLI bundle carries third-party code; its licences ship beside it (the tools are not published).
files.set("THIRD_PARTY_NOTICES.txt", renderNotices(bundledPackageDirs(cli.metafile)));

for (const [file, code] of files) {
  mkdirSync(dirname(`${OUT}/${file}`), { recursive: true });
  writeFileSync(`${OUT}/${file}`, code);
}
