// Runs one oracle corpus case through our output layer, producing what az would write (stdout or stderr).
import { AzError } from "../../../src/core/errors.js";
import { compileQuery, formatOutput, type OutputFormat } from "../../../src/core/output/index.js";
import { parsePyJson } from "../../../src/core/python/json-loads.js";

export interface CorpusCase {
  data: number;
  query?: string;
  format: OutputFormat;
}

export interface Corpus {
  data: string[];
  cases: CorpusCase[];
}

export type Outcome = { stdout: string } | { stderr: string };

export async function runCase(corpus: Corpus, testCase: CorpusCase): Promise<Outcome> {
  try {
    let value = parsePyJson(corpus.data[testCase.data] as string);
    if (testCase.query !== undefined) value = (await compileQuery(testCase.query)).search(value);
    const color = testCase.format === "jsonc" || testCase.format === "yamlc";
    return { stdout: await formatOutput(value, { format: testCase.format, queryActive: testCase.query !== undefined, color }) };
  } catch (error) {
    if (error instanceof AzError) return { stderr: error.render() };
    throw error;
  }
}
