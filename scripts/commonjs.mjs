// Turns esbuild's ESM output into CommonJS and folds the cache-hit path into the entry file.
//
// Why: on Node 20 the first `import` of any ES module starts the ESM loader, about 15-20 ms, and every further
// module file costs another 0.3-1 ms; a cache hit has a budget of about 30 ms on top of Node's own start. So the
// CLI ships as CommonJS (dist/package.json says so) and the chunks the cache-hit path needs are inlined into
// dist/aztoken.js as module factories. Every other chunk stays a file that is require()d when needed; a chunk
// file that was inlined becomes a one-line stub returning the inlined instance, so each module exists once.
import { transform } from "esbuild";

const STUB_KEY = 'Symbol.for("aztoken.inlinedChunk")';

/** One output file as CommonJS: dynamic import() becomes a lazy require(), import.meta.url this file's URL. */
export async function toCommonJs(code) {
  const usesImportMeta = code.includes("import.meta");
  const result = await transform(code, {
    format: "cjs",
    platform: "node",
    target: "node20",
    supported: { "dynamic-import": false },
    logLevel: "warning",
    // ES modules are strict; keep it so. The URL is made on first use: the cache-hit path needs none.
    banner: usesImportMeta ? '"use strict";\nconst __aztImportMeta = { get url() { return require("node:url").pathToFileURL(__filename).href; } };' : '"use strict";',
    ...(usesImportMeta ? { define: { "import.meta.url": "__aztImportMeta.url" } } : {}),
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

/** The entry file with `chunks` (key: path relative to the entry's directory, value: CommonJS code) inlined. */
export function inlineChunks(entryCode, chunks) {
  const factories = [...chunks]
    .map(([key, code]) => `${JSON.stringify(key)}: function (module, exports, require, __filename, __dirname) {\n${code}\n}`)
    .join(",\n");
  // Plain string work for chunk paths: each node:path function costs a first-call compile (up to 4 ms on Node
  // 22) on the cache-hit path. Chunks require each other as "./x.js" and the entry requires "./chunks/x.js".
  return `"use strict";
const __aztSep = require("node:path").sep;
const __aztChunks = {
${factories}
};
const __aztLoaded = new Map();
function __aztRequireFrom(dir) {
  return (id) => {
    if (!id.startsWith(".")) return require(id);
    const key = id.startsWith("./") && !id.includes("..") ? (dir ? dir + "/" : "") + id.slice(2) : require("node:path").posix.join(dir, id);
    return key in __aztChunks ? __aztLoadChunk(key) : require("./" + key);
  };
}
function __aztLoadChunk(key) {
  let module = __aztLoaded.get(key);
  if (!module) {
    module = { exports: {} };
    __aztLoaded.set(key, module);
    const file = __dirname + __aztSep + key.split("/").join(__aztSep);
    const slash = key.lastIndexOf("/");
    __aztChunks[key].call(module.exports, module, module.exports, __aztRequireFrom(slash < 0 ? "" : key.slice(0, slash)), file, file.slice(0, file.lastIndexOf(__aztSep)));
  }
  return module.exports;
}
globalThis[${STUB_KEY}] = __aztLoadChunk;
(function (require) {
${entryCode}
})(__aztRequireFrom(""));
`;
}

/** What an inlined chunk's own file becomes: the instance inside the entry file, for chunks that require it. */
export function chunkStub(key) {
  return `"use strict";
const load = globalThis[${STUB_KEY}];
if (!load) throw new Error("${key} is part of dist/aztoken.js; load that instead");
module.exports = load(${JSON.stringify(key)});
`;
}
