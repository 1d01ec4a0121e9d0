// Behaviour the oracle corpus cannot express: values JSON cannot carry (shared references, Python floats built
// in code), the table transformer, error paths and the lazy loading of heavy formatters.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AzError, type UsageError } from "../../../src/core/errors.js";
import { compileQuery, formatOutput, PyFloat, type FormatOptions } from "../../../src/core/output/index.js";
import { pyFloatRepr } from "../../../src/core/python/values.js";

const options = (format: FormatOptions["format"], extra: Partial<FormatOptions> = {}): FormatOptions => ({ format, queryActive: false, color: false, ...extra });

describe("formatOutput", () => {
  it.each(["json", "jsonc", "yaml", "yamlc", "table", "tsv", "none"] as const)("prints nothing for a null result (-o %s)", async (format) => {
    expect(await formatOutput(null, options(format))).toBe("");
    expect(await formatOutput(undefined, options(format))).toBe("");
  });

  it("prints nothing for -o none", async () => {
    expect(await formatOutput({ a: 1 }, options("none"))).toBe("");
  });

  it("keeps jsonc/yamlc plain without colour", async () => {
    expect(await formatOutput({ a: 1 }, options("jsonc"))).toBe('{\n  "a": 1\n}\n');
    expect(await formatOutput({ a: 1 }, options("yamlc"))).toBe("a: 1\n");
  });

  it("prints Python floats that JS numbers cannot tell from ints", async () => {
    const value = { f: new PyFloat(3), g: new PyFloat(1e100), i: 3, z: new PyFloat(-0) };
    expect(await formatOutput(value, options("json"))).toBe('{\n  "f": 3.0,\n  "g": 1e+100,\n  "i": 3,\n  "z": -0.0\n}\n');
    expect(await formatOutput(value, options("yaml"))).toBe("f: 3.0\ng: 1.0e+100\ni: 3\nz: -0.0\n");
    expect(await formatOutput(value, options("tsv"))).toBe("3.0\t1e+100\t3\t-0.0\n");
  });

  it("writes anchors for lists and objects shared in the result, as PyYAML does", async () => {
    const shared = { x: 1 };
    const list = [1, 2];
    const text = await formatOutput([shared, shared, { l: list, m: list }], options("yaml"));
    expect(text).toBe("- &id001\n  x: 1\n- *id001\n- l: &id002\n  - 1\n  - 2\n  m: *id002\n");
  });

  it("ends a top-level plain scalar with the document end marker", async () => {
    expect(await formatOutput("Bearer", options("yaml"))).toBe("Bearer\n...\n");
    expect(await formatOutput("2099-12-31 23:59:59.000000", options("yaml"))).toBe("'2099-12-31 23:59:59.000000'\n");
  });
});

describe("table", () => {
  const accounts = [{ name: "Dev", isDefault: true, id: "1" }];
  const transformer = (rows: unknown) => (rows as typeof accounts).map((row) => ({ Name: row.name, IsDefault: row.isDefault }));

  it("applies the table transformer and keeps its column order", async () => {
    expect(await formatOutput(accounts, options("table", { tableTransformer: transformer }))).toBe("Name    IsDefault\n------  -----------\nDev     True\n");
  });

  it("ignores the transformer under --query and keeps insertion order", async () => {
    const text = await formatOutput(accounts, options("table", { tableTransformer: transformer, queryActive: true }));
    expect(text).toBe("Name    IsDefault\n------  -----------\nDev     True\n");
  });

  it("sorts columns without --query and skips id/type/etag and nested values", async () => {
    expect(await formatOutput({ b: 1, a: "x", id: "i", n: [1] }, options("table"))).toBe("A    B\n---  ---\nx    1\n");
  });

  it("fails like knack when the transformer cannot handle the result", async () => {
    const failing = () => {
      throw new Error("boom");
    };
    const error = await formatOutput({}, options("table", { tableTransformer: failing })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AzError);
    expect((error as AzError).render()).toBe(
      "ERROR: Table output unavailable. Use the --query option to specify an appropriate query. Use --debug for more info.\n",
    );
  });

  it("prints an empty line when no column is left (knack 2.45 does not raise here)", async () => {
    expect(await formatOutput({ a: [1] }, options("table"))).toBe("\n");
  });
});

describe("compileQuery", () => {
  it("quotes the expression as Python's repr in the syntax error", async () => {
    const error = (await compileQuery("a'b[").catch((caught: unknown) => caught)) as UsageError;
    expect(error.message).toBe(`argument --query: invalid jmespath_type value: "a'b["`);
  });

  it("reports Python exceptions outside jmespath as az's unexpected error, without a traceback", async () => {
    const query = await compileQuery("@[::0]");
    expect(() => query.search([1])).toThrow("The command failed with an unexpected error. Here is the traceback:");
  });

  it("keeps the query's key order for tsv but sorts for json", async () => {
    const value = (await compileQuery('{"2": tokenType, "1": tenant}')).search({ tokenType: "Bearer", tenant: "t" });
    expect(await formatOutput(value, options("tsv", { queryActive: true }))).toBe("Bearer\tt\n");
    expect(await formatOutput(value, options("json", { queryActive: true }))).toBe('{\n  "1": "t",\n  "2": "Bearer"\n}\n');
  });
});

describe("pyFloatRepr", () => {
  it.each([
    [1.5, "1.5"], [3, "3.0"], [1e16, "1e+16"], [1e15, "1000000000000000.0"], [1e-5, "1e-05"], [0.0001, "0.0001"],
    [1.7976931348623157e308, "1.7976931348623157e+308"], [5e-324, "5e-324"], [-0, "-0.0"], [NaN, "nan"], [-Infinity, "-inf"],
  ])("%s -> %s", (value, text) => {
    expect(pyFloatRepr(value)).toBe(text);
  });
});

describe("the hot path", () => {
  it("does not import yaml, table, colour or JMESPath modules statically", () => {
    const source = (file: string) => readFileSync(new URL(`../../../src/core/output/${file}`, import.meta.url), "utf8");
    const staticImports = (file: string) => [...source(file).matchAll(/^import (?!type )[^;]*? from "(.+?)";/gm)].map((match) => match[1]);
    const hot = ["index.ts", "json.ts", "tsv.ts"].flatMap(staticImports);
    expect(hot.filter((path) => /yaml|table|tabulate|colour|query/.test(path ?? ""))).toEqual([]);
  });
});
