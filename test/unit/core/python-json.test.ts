import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { pythonJsonDumps } from "../../../src/core/python-json.js";
import { PYTHON } from "../../support/profile-fixture.js";

const samples: unknown[] = [
  { subscriptions: [{ id: "x", name: "Contoso Dév ☃ 😀", isDefault: true, managedByTenants: [] }], installationId: "u" },
  { AccessToken: {}, RefreshToken: { k: { secret: "a\"b\\c\n\t", home_account_id: null } }, n: [1, 2.5, -3, 1e21, 1.5e-7] },
  [],
  [{ client_id: "a", tenant: "b", use_cert_sn_issuer: true, nested: { x: [[], {}] } }],
];

function python(value: unknown, indent?: number): string {
  const script = `import json,sys; v=json.load(sys.stdin); sys.stdout.write(json.dumps(v${indent === undefined ? "" : `, indent=${indent}`}))`;
  return execFileSync(PYTHON, ["-c", script], { input: JSON.stringify(value), encoding: "utf8" });
}

describe("pythonJsonDumps", () => {
  it("writes one line with Python's default separators", () => {
    expect(pythonJsonDumps({ a: [1, "é"], b: null, c: {} })).toBe('{"a": [1, "\\u00e9"], "b": null, "c": {}}');
  });

  it("indents like json.dumps(indent=4)", () => {
    expect(pythonJsonDumps({ a: [1], b: {} }, { indent: 4 })).toBe('{\n    "a": [\n        1\n    ],\n    "b": {}\n}');
  });

  it.each(samples.map((sample, index) => [index, sample]))("matches Python byte for byte (sample %i)", (_index, sample) => {
    expect(pythonJsonDumps(sample)).toBe(python(sample));
    expect(pythonJsonDumps(sample, { indent: 4 })).toBe(python(sample, 4));
  });
});
