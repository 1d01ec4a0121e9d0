// `-o tsv`, as knack's _TsvOutput: one line per row, cells joined by TAB, no quoting.
import { insertionKeys, isQueryBuilt, sortedKeys } from "../python/dict-keys.js";
import { isPyObject, pyScalarStr, type PyObject } from "../python/values.js";

export function formatTsv(result: unknown): string {
  const rows = Array.isArray(result) ? result : [result];
  return rows.map((row) => formatRow(row) + "\n").join("");
}

function formatRow(row: unknown): string {
  if (Array.isArray(row)) return row.map(formatCell).join("\t");
  if (isPyObject(row)) return rowValues(row).map(formatCell).join("\t");
  // knack lower-cases a bare boolean row but not a boolean cell.
  if (typeof row === "boolean") return String(row);
  return formatCell(row);
}

/** Plain objects print in sorted-key order, query-built ones in the order the query wrote. */
function rowValues(row: PyObject): unknown[] {
  const keys = isQueryBuilt(row) ? insertionKeys(row) : sortedKeys(row);
  return keys.map((key) => row[key]);
}

function formatCell(value: unknown): string {
  if (Array.isArray(value)) return String(value.length);
  // An empty cell keeps the column count stable when other rows have a scalar there.
  if (isPyObject(value)) return "";
  return pyScalarStr(value);
}
