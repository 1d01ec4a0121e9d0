// `-o table`: knack's _TableOutput (which columns a row has) plus tabulate 0.8.9's "simple" format
// (disable_numparse=True, no wcwidth installed, so widths are code-point counts).
import { AzError } from "../errors.js";
import { insertionKeys, sortedKeys } from "../python/dict-keys.js";
import { isPyObject } from "../python/values.js";
import { renderSimpleTable } from "./tabulate.js";

export interface TableOptions {
  queryActive: boolean;
  tableTransformer?: (value: unknown) => unknown;
}

const SKIP_KEYS = new Set(["id", "type", "etag"]);

export function formatTable(result: unknown, options: TableOptions): string {
  try {
    const transformed = options.tableTransformer && !options.queryActive ? options.tableTransformer(result) : result;
    const rows = Array.isArray(transformed) ? transformed : [transformed];
    // Keys are sorted only for raw command output; a query or a transformer chose their order deliberately.
    const sortKeys = !options.queryActive && !options.tableTransformer;
    // Nothing to show prints an empty line: knack's "Unable to extract fields" check never fires with tabulate 0.8.9.
    return renderSimpleTable(rows.map((row) => tableRow(row, sortKeys))) + "\n";
  } catch {
    throw new AzError("Table output unavailable. Use the --query option to specify an appropriate query. Use --debug for more info.");
  }
}

/** One row as ordered [column, value] pairs: scalar members of an object, list items, or a lone scalar. */
function tableRow(item: unknown, sortKeys: boolean): [string, unknown][] {
  if (isPyObject(item)) {
    const keys = sortKeys ? sortedKeys(item) : insertionKeys(item);
    return keys
      .filter((key) => !SKIP_KEYS.has(key) && isTableCell(item[key]))
      .map((key) => [capitalizeFirst(key), item[key]]);
  }
  if (Array.isArray(item)) return item.map((value, i) => [`Column${i + 1}`, value]);
  return [["Result", item]];
}

const isTableCell = (value: unknown): boolean => value !== null && value !== undefined && !Array.isArray(value) && !isPyObject(value);

/** Python's x[0].upper() + x[1:]; upper() of ß is SS, as in JS. */
function capitalizeFirst(key: string): string {
  const [first = "", ...rest] = Array.from(key);
  return first.toUpperCase() + rest.join("");
}
