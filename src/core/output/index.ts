// The output layer: turns a command result into the exact bytes az prints. json and tsv (what SDKs and scripts
// use) are formatted here; yaml, table and colour live in modules loaded only when asked for, so esbuild keeps
// them out of the startup chunk.
import type { OutputFormat } from "./formats.js";
import { formatJson } from "./json.js";
import { formatTsv } from "./tsv.js";
import type { CompiledQuery } from "./query.js";

export type { OutputFormat } from "./formats.js";
export type { CompiledQuery } from "./query.js";
export { PyFloat } from "../python/values.js";

export interface FormatOptions {
  format: OutputFormat;
  /** A --query was given: table keeps key order and skips the table transformer, as knack does. */
  queryActive: boolean;
  /** Colour for jsonc/yamlc (stdout and stderr are terminals and core.no_color is off). */
  color: boolean;
  /** The command's reshaping for `-o table` (az's table_transformer). */
  tableTransformer?: (value: unknown) => unknown;
}

/** The full stdout text for `value`; "" when there is no result (az prints nothing for None). */
export async function formatOutput(value: unknown, options: FormatOptions): Promise<string> {
  if (value === null || value === undefined) return "";
  switch (options.format) {
    case "json":
      return formatJson(value);
    case "tsv":
      return formatTsv(value);
    case "none":
      return "";
    case "jsonc":
      return options.color ? (await import("./colour/index.js")).formatJsonColour(value) : formatJson(value);
    case "yaml":
      return (await import("./yaml.js")).formatYaml(value);
    case "yamlc":
      return options.color ? (await import("./colour/index.js")).formatYamlColour(value) : (await import("./yaml.js")).formatYaml(value);
    case "table":
      return (await import("./table.js")).formatTable(value, options);
  }
}

/**
 * Compiles a --query expression. Rejects with UsageError (rc 2) on a syntax error; the returned query's
 * `search` throws AzError (rc 1) on runtime errors. The JMESPath engine is loaded only when a query is given.
 */
export async function compileQuery(expression: string): Promise<CompiledQuery> {
  return (await import("./query.js")).compileQuery(expression);
}
