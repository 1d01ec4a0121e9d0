// Byte-for-byte comparison with the real az stack over a generated corpus (fixtures/oracle-corpus.json, made by
// make-corpus.py). The expected bytes are committed; when Python with knack is installed, they are also checked
// against a fresh run of oracle.py so that they cannot go stale.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCase, type Corpus, type Outcome } from "./oracle-harness.js";

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));
const corpus = JSON.parse(readFileSync(here("fixtures/oracle-corpus.json"), "utf8")) as Corpus;
const expected = JSON.parse(readFileSync(here("fixtures/oracle-expected.json"), "utf8")) as Outcome[];

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

const python = ["/usr/bin/python3", "python3"].find(
  (candidate) => spawnSync(candidate, ["-c", "import knack, jmespath, yaml, pygments, tabulate"]).status === 0,
);

describe.skipIf(!python)("committed expectations", () => {
  it("equal a fresh run of the Python oracle", () => {
    const run = spawnSync(python!, [here("oracle.py"), here("fixtures/oracle-corpus.json")], { encoding: "utf8", maxBuffer: 64 << 20 });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual(expected);
  });
});
