// Byte-for-byte comparison with the real az stack over a generated corpus (test/fixtures/output-oracle/corpus.json,
// made by make-corpus.py there). The expected bytes are committed; when a Python with az's output libraries is on
// PATH, they are also checked against a fresh run of oracle.py so that they cannot go stale.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findPython, needOracle } from "../../support/oracles.js";
import { FIXTURES_DIR } from "../../support/paths.js";
import { runCase, type Corpus, type Outcome } from "./oracle-harness.js";

const here = (name: string) => join(FIXTURES_DIR, "output-oracle", name);
const corpus = JSON.parse(readFileSync(here("corpus.json"), "utf8")) as Corpus;
const expected = JSON.parse(readFileSync(here("expected.json"), "utf8")) as Outcome[];

function describeCase(index: number): string {
  const { query, format, data } = corpus.cases[index]!;
  return `#${index} -o ${format}${query === undefined ? "" : ` --query ${JSON.stringify(query)}`} data#${data}`;
}

describe("output layer matches az 2.45 (knack, jmespath, PyYAML, Pygments, tabulate)", () => {
  it("has one expectation per corpus case", () => {
    expect(expected).toHaveLength(corpus.cases.length);
  });

  corpus.cases.forEach((testCase, index) => {
    it(describeCase(index), async () => {
      expect(await runCase(corpus, testCase)).toEqual(expected[index]);
    });
  });
});

const python = needOracle(
  findPython("knack", "jmespath", "yaml", "pygments", "tabulate"),
  "the fresh run of the Python output oracle",
  "no python3 on PATH imports knack, jmespath, yaml, pygments and tabulate (apt: azure-cli)",
);

describe.runIf(python)("committed expectations", () => {
  it("equal a fresh run of the Python oracle", () => {
    const run = spawnSync(python!, [here("oracle.py"), here("corpus.json")], { encoding: "utf8", maxBuffer: 64 << 20 });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual(expected);
  });
});
