// Turns esbuild's ESM output into CommonJS and folds the cache-hit path into the entry file.
//
// Why: on Node 20 the first `import` of any ES module starts the ESM loader, about 15-20 ms, and every further
// module file costs another 0.3-1 ms; a cache hit has a budget of about 30 ms on top of Node's own start. So the
// CLI ships as CommonJS (dist/package.json says so) and the chunks the cache-hit path needs are inlined into
// dist/aztoken.js by a second esbuild pass (hoistHotChunks). Every other chunk stays a file that is require()d
// when needed; a chunk file that was bundled into the entry becomes a one-line stub returning the entry's
// instance, so each module exists once.
import { build, transform } from "esbuild";
import { posix } from "node:path";

const STUB_KEY = 'Symbol.for("aztoken.inlinedChunk")';

// ES modules are strict; keep it so. import.meta.url becomes this file's URL, made on first use: the cache-hit
// path needs none (node:url stays unloaded).
const STRICT = '"use strict";';
const IMPORT_META = {
  banner: `${STRICT}\nconst __aztImportMeta = { get url() { return require("node:url").pathToFileURL(__filename).href; } };`,
  define: { "import.meta.url": "__aztImportMeta.url" },
};

/** One output file as CommonJS: dynamic import() becomes a lazy require(), import.meta.url this file's URL. */
export async function toCommonJs(code) {
  const usesImportMeta = code.includes("import.meta");
  const result = await transform(code, {
    format: "cjs",
    platform: "node",
    target: "node20",
    supported: { "dynamic-import": false },
    logLevel: "warning",
    ...(usesImportMeta ? IMPORT_META : { banner: STRICT }),
  });
  return result.code;
}

/**
 * The chunks to inline: everything `entry` imports statically, plus the dynamic imports whose source is in
 * `hotSources`, and what those import statically. `outputs` is esbuild's metafile.outputs, keys relative to cwd.
 */
export function hotChunks(outputs, entry, hotSources) {
  const hot = new Set();
  const missing = new Set(hotSources);
  const visit = (file) => {
    for (const edge of outputs[file].imports) {
      if (edge.external || hot.has(edge.path)) continue;
      const source = outputs[edge.path]?.entryPoint;
      if (edge.kind === "dynamic-import") missing.delete(source);
      if (edge.kind === "import-statement" || (edge.kind === "dynamic-import" && hotSources.includes(source))) {
        hot.add(edge.path);
        visit(edge.path);
      }
    }
  };
  visit(entry);
  if (missing.size > 0) throw new Error(`build: no dynamic import of ${[...missing].join(", ")} found; update HOT_DYNAMIC_IMPORTS`);
  return hot;
}

/**
 * The entry as one CommonJS file with the hot chunks bundled into it by a second esbuild pass over the ESM
 * output: `esm` maps every CLI output (path relative to dist/, posix) to its ESM text. The hot chunks are
 * scope-hoisted, so calls between them are plain calls (no per-chunk wrapper, export getters or copy of
 * esbuild's helpers); the other chunks stay external and load with require() when a dynamic import needs them.
 * They reach the hot modules through the stubs below, which ask the entry for the one instance of each: `shared`
 * lists those hot chunks (path relative to dist/) with the names they export.
 */
export async function hoistHotChunks(esm, entryKey, hotKeys, shared) {
  const hot = new Set(hotKeys);
  // Only the hot chunks that other chunks import are registered: importing one here evaluates it at start, and
  // a hot chunk reached only by a dynamic import (get-access-token, output) should stay lazy. Imports are
  // evaluated first, so the registry is set once the entry's synchronous start has run; no other chunk (the
  // only users of the stubs) loads before the first await. Each instance is an object of live getters made when
  // a stub first asks for it (`import * as` would make all of them at start: ~100 getters a cache hit never uses).
  const imports = shared.map(({ key, exports }, index) => {
    const names = exports.map((name, position) => [name, `__aztHot${index}_${position}`]);
    return { key, names };
  });
  const virtualEntry = [
    ...imports.map(({ key, names }) => `import { ${names.map(([name, local]) => `${JSON.stringify(name)} as ${local}`).join(", ")} } from ${JSON.stringify(`./${key}`)};`),
    `import ${JSON.stringify(`./${entryKey}`)};`,
    "const made = new Map();",
    "const instances = {",
    ...imports.map(({ key, names }) => `  ${JSON.stringify(key)}: () => ({ ${names.map(([name, local]) => `get ${JSON.stringify(name)}() { return ${local}; }`).join(", ")} }),`),
    "};",
    `globalThis[${STUB_KEY}] = (key) => {`,
    "  if (!made.has(key)) made.set(key, Object.hasOwn(instances, key) ? instances[key]() : undefined);",
    "  return made.get(key);",
    "};",
  ].join("\n");
  const memory = {
    name: "aztoken-esm-outputs",
    setup(pass) {
      pass.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === "entry-point") return { path: "<entry>", namespace: "aztoken" };
        if (!args.path.startsWith(".")) return { path: args.path, external: true };
        const from = args.importer === "<entry>" ? "" : posix.dirname(args.importer);
        const target = posix.normalize(posix.join(from, args.path));
        if (target === entryKey || hot.has(target)) return { path: target, namespace: "aztoken" };
        if (!esm.has(target)) throw new Error(`build: ${args.importer} imports ${args.path}, which is not a CLI output`);
        return { path: `./${target}`, external: true };
      });
      pass.onLoad({ filter: /.*/, namespace: "aztoken" }, (args) => ({
        contents: args.path === "<entry>" ? virtualEntry : esm.get(args.path),
        loader: "js",
      }));
    },
  };
  const result = await build({
    entryPoints: ["<entry>"],
    bundle: true,
    write: false,
    format: "cjs",
    platform: "node",
    target: "node20",
    minifySyntax: true,
    legalComments: "none",
    logLevel: "warning",
    supported: { "dynamic-import": false },
    plugins: [memory],
    banner: { js: IMPORT_META.banner },
    define: IMPORT_META.define,
    outfile: "aztoken.js",
  });
  return result.outputFiles[0].text;
}

/** The hot chunks that some other chunk imports (statically or not): those the stubs must reach, with their exports. */
export function sharedHotChunks(outputs, entry, hot) {
  const shared = new Set();
  for (const [file, output] of Object.entries(outputs)) {
    if (file === entry || hot.has(file)) continue;
    for (const edge of output.imports) if (!edge.external && hot.has(edge.path)) shared.add(edge.path);
  }
  return [...shared].map((file) => ({ file, exports: outputs[file].exports }));
}

/** What a bundled chunk's own file becomes: the instance inside the entry file, for chunks that require it. */
export function chunkStub(key) {
  return `"use strict";
const load = globalThis[${STUB_KEY}];
const instance = load && load(${JSON.stringify(key)});
if (!instance) throw new Error("${key} is part of dist/aztoken.js; load that instead");
module.exports = instance;
`;
}
