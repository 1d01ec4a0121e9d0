// The output-only golden cases captured from az 2.45, byte for byte. The inputs are rebuilt from the golden json
// (2.45 had no expires_on, so neither do these inputs).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../../src/core/errors.js";
import { compileQuery, formatOutput, type OutputFormat } from "../../../src/core/output/index.js";
import { GOLDEN_DIR } from "../../support/paths.js";

const golden = (name: string, file: string) => readFileSync(join(GOLDEN_DIR, "cases", name, file), "utf8");
const tokenResult = JSON.parse(golden("out_json", "stdout")) as Record<string, unknown>;

function argvOption(name: string, flag: string): string | undefined {
  const argv = (JSON.parse(golden(name, "case.json")) as { argv: string[] }).argv;
  const index = argv.indexOf(flag);
  return index < 0 ? undefined : argv[index + 1];
}

async function run(name: string, color = false): Promise<string> {
  const format = (argvOption(name, "-o") ?? "json") as OutputFormat;
  const expression = argvOption(name, "--query");
  const query = expression === undefined ? undefined : await compileQuery(expression);
  const value = query ? query.search(tokenResult) : tokenResult;
  return formatOutput(value, { format, queryActive: query !== undefined, color });
}

const OUTPUT_CASES = [
  "out_json", "out_jsonc", "out_yaml", "out_tsv", "out_table", "out_none",
  "q_exp_json", "q_exp_tsv", "q_list_json", "q_missing_json", "q_multi_json", "q_multi_table", "q_multi_tsv",
  "q_token_json", "q_token_tsv", "q_types_json", "q_types_tsv", "q_types_yaml",
];

describe("golden stdout of az 2.45", () => {
  it.each(OUTPUT_CASES)("%s", async (name) => {
    expect(await run(name)).toBe(golden(name, "stdout"));
  });

  it.each(["tty_jsonc", "tty_yamlc"])("%s (colour on a terminal)", async (name) => {
    expect(await run(name, true)).toBe(golden(name, "stdout"));
  });

  it("q_syntax_error: rc 2 with argparse's message and the --query help line", async () => {
    const error = await compileQuery("[[").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as UsageError).render()).toBe(golden("q_syntax_error", "stderr"));
  });

  it("q_unknown_function: rc 1 with Python jmespath's message", async () => {
    const query = await compileQuery("foo(@)");
    let rendered = "";
    expect(() => {
      try {
        query.search(tokenResult);
      } catch (error) {
        rendered = (error as UsageError).render();
        expect((error as UsageError).exitCode).toBe(1);
        throw error;
      }
    }).toThrow();
    expect(rendered).toBe(golden("q_unknown_function", "stderr"));
  });
});
