// The one repr (src/core/python/repr.ts) against Python's own: argparse's %r, jmespath errors and tabulate cells
// all print through it.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { pyRepr, pyStrRepr } from "../../../src/core/python/repr.js";
import { findPython, needOracle } from "../../support/oracles.js";

const PYTHON = needOracle(findPython(), "the repr comparisons with Python", "no python3 on PATH");
const hasPython = PYTHON !== undefined;

const STRINGS = [
  "",
  "plain",
  "a\u00a0b!",
  "it's",
  'say "hi"',
  "both ' and \"",
  "tab\tnew\nline\rback\\slash",
  "\u0000\u0001\u001f\u007f\u0080\u009f",
  "\u00ad soft hyphen, \u200b zero width, \u2028 line sep, \u3000 ideographic space",
  "\ufeff bom \ufffe nonchar",
  "é ☃ 😀 \u{1f9ff}",
  "\ud800 lone surrogate",
];

function pythonRepr(values: unknown[]): string[] {
  const script = "import json,sys; print(json.dumps([repr(v) for v in json.load(sys.stdin)]))";
  return JSON.parse(execFileSync(PYTHON!, ["-c", script], { input: JSON.stringify(values), encoding: "utf8" })) as string[];
}

describe("pyStrRepr", () => {
  it("escapes unprintable characters as argparse shows them (az: 'a\\xa0b!')", () => {
    expect(pyStrRepr("a\u00a0b!")).toBe("'a\\xa0b!'");
    expect(pyStrRepr("it's")).toBe(`"it's"`);
  });

  it.skipIf(!hasPython)("matches Python's repr() of str", () => {
    expect(STRINGS.map(pyStrRepr)).toEqual(pythonRepr(STRINGS));
  });
});

describe("pyRepr", () => {
  it.skipIf(!hasPython)("matches Python's repr() of lists and dicts", () => {
    const values = [[null, true, false, 1, 2.5, "x\u00a0"], { a: [1, { "b'": "c" }], "\u2028": null }];
    expect(values.map(pyRepr)).toEqual(pythonRepr(values));
  });
});
