// The one json.dumps (src/core/python/json.ts) against Python's own, for the files az writes and for az's output.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { jsonDumps, type JsonDumpsOptions } from "../../../src/core/python/json.js";
import { formatJson } from "../../../src/core/output/json.js";
import { findPython, needOracle } from "../../support/oracles.js";

const PYTHON = needOracle(findPython(), "the json.dumps comparisons with Python", "no python3 on PATH");
const hasPython = PYTHON !== undefined;

const samples: unknown[] = [
  { subscriptions: [{ id: "x", name: "Contoso Dév ☃ 😀", isDefault: true, managedByTenants: [] }], installationId: "u" },
  { AccessToken: {}, RefreshToken: { k: { secret: "a\"b\\c\n\t", home_account_id: null } }, n: [1, 2.5, -3, 1e21, 1.5e-7] },
  // floats where JS and Python switch to exponent form at different places
  { small: [0.00001, 0.0001, 0.000123, 1.5e-5], large: [1e16 + 2, 123456789.125, 1e22, 2.5e300], control: "\u0001\u007f\u00a0\u2028" },
  [],
  [{ client_id: "a", tenant: "b", use_cert_sn_issuer: true, nested: { x: [[], {}] } }],
];

const PYTHON_KWARGS: [string, JsonDumpsOptions][] = [
  ["", {}],
  ["indent=4", { indent: 4 }],
  ["indent=2, sort_keys=True, ensure_ascii=False", { indent: 2, sortKeys: true, ensureAscii: false }],
  ["separators=(',', ':')", { separators: [",", ":"] }],
];

function python(value: unknown, kwargs: string): string {
  const script = `import json,sys; v=json.load(sys.stdin); sys.stdout.buffer.write(json.dumps(v${kwargs ? ", " + kwargs : ""}).encode())`;
  return execFileSync(PYTHON!, ["-c", script], { input: JSON.stringify(value), encoding: "utf8" });
}

describe("jsonDumps", () => {
  it("writes one line with Python's default separators", () => {
    expect(jsonDumps({ a: [1, "é"], b: null, c: {} })).toBe('{"a": [1, "\\u00e9"], "b": null, "c": {}}');
  });

  it("indents like json.dumps(indent=4)", () => {
    expect(jsonDumps({ a: [1], b: {} }, { indent: 4 })).toBe('{\n    "a": [\n        1\n    ],\n    "b": {}\n}');
  });

  it("formats floats as Python's repr, also where JS would not use an exponent", () => {
    expect(jsonDumps([0.00001, 1.5e-7, 1e21, 0.5])).toBe("[1e-05, 1.5e-07, 1e+21, 0.5]");
  });

  it("-o json is json.dumps(indent=2, sort_keys=True, ensure_ascii=False) and a newline", () => {
    expect(formatJson({ b: 0.00001, a: "é" })).toBe('{\n  "a": "é",\n  "b": 1e-05\n}\n');
  });

  // Four Python starts per sample: seconds each behind a version manager's shim on a loaded machine.
  it.skipIf(!hasPython).each(samples.map((sample, index) => [index, sample]))("matches Python byte for byte (sample %i)", (_index, sample) => {
    for (const [kwargs, options] of PYTHON_KWARGS) expect(jsonDumps(sample, options), kwargs).toBe(python(sample, kwargs));
  }, 120_000);
});
