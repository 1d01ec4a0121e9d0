// The layering README's "How it is built" draws, checked on the source: the core knows nothing of the command
// line, nothing below the use cases imports one, and only the process entry and the infra seams touch `process`.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SRC = join(ROOT, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

const FILES = sourceFiles(SRC).map((path) => ({ path, name: relative(SRC, path).split("\\").join("/"), text: readFileSync(path, "utf8") }));

/** Code without comments (string literals kept whole, so a "//" in a URL is not taken for one). */
function code(text: string): string {
  return text.replace(/("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|\/\*[\s\S]*?\*\/|\/\/.*$/gm, (_match, literal: string | undefined) => literal ?? "");
}

/** The src-relative modules a file imports (static, dynamic and type-only imports and re-exports). */
function importsOf(file: { path: string; text: string }): string[] {
  const specifiers = [...file.text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm)].map((m) => m[1]!);
  return specifiers.filter((s) => s.startsWith(".")).map((s) => relative(SRC, resolve(dirname(file.path), s)).split("\\").join("/"));
}

function offenders(files: typeof FILES, forbidden: (target: string) => boolean): string[] {
  return files.flatMap((file) => importsOf(file).filter(forbidden).map((target) => `${file.name} imports ${target}`));
}

describe("layering", () => {
  it("finds the source and its imports (the checks below would pass vacuously otherwise)", () => {
    expect(FILES.length).toBeGreaterThan(50);
    expect(importsOf(FILES.find((f) => f.name === "cli/run.ts")!)).toContain("core/errors.js");
  });

  it("src/core imports nothing from src/cli", () => {
    expect(offenders(FILES.filter((f) => f.name.startsWith("core/")), (target) => target.startsWith("cli/"))).toEqual([]);
  });

  it("src/infra imports nothing from src/cli or the use cases", () => {
    const infra = FILES.filter((f) => f.name.startsWith("infra/"));
    expect(offenders(infra, (target) => target.startsWith("cli/") || target.startsWith("core/use-cases/"))).toEqual([]);
  });

  it("nothing below the use cases imports a use case", () => {
    const below = FILES.filter((f) => f.name.startsWith("core/") && !f.name.startsWith("core/use-cases/"));
    expect(offenders(below, (target) => target.startsWith("core/use-cases/"))).toEqual([]);
  });

  it("only src/bin.ts and src/infra touch `process` (everything else gets it through Deps)", () => {
    const elsewhere = FILES.filter((f) => f.name !== "bin.ts" && !f.name.startsWith("infra/"));
    const uses = elsewhere.flatMap((file) => {
      const text = code(file.text);
      const found = [...text.matchAll(/\bprocess\s*\.\s*(\w+)/g)].map((m) => `${file.name}: process.${m[1]}`);
      if (/["']node:process["']|\bfrom\s+["']process["']/.test(file.text)) found.push(`${file.name}: imports node:process`);
      return found;
    });
    expect(uses).toEqual([]);
  });
});
