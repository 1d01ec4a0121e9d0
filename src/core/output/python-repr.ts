// Python's repr()/str() of result values, as jmespath error messages and tabulate cells show nested data.
import { insertionKeys, isQueryBuilt } from "./object-keys.js";
import { pyStrRepr } from "./python-text.js";
import { isPyNumber, isPyObject, pyNumberStr } from "./python-values.js";

/** Python `str(value)`: strings as they are, everything else as repr. */
export function pyStr(value: unknown): string {
  return typeof value === "string" ? value : pyRepr(value);
}

export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "string") return pyStrRepr(value);
  if (isPyNumber(value)) return pyNumberStr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  if (!isPyObject(value)) return String(value);
  const keys = insertionKeys(value);
  if (!isQueryBuilt(value)) return `{${keys.map((key) => `${pyStrRepr(key)}: ${pyRepr(value[key])}`).join(", ")}}`;
  // Python 3.11 (az 2.45's interpreter) writes OrderedDict([(k, v), ...]).
  return keys.length === 0 ? "OrderedDict()" : `OrderedDict([${keys.map((key) => `(${pyStrRepr(key)}, ${pyRepr(value[key])})`).join(", ")}])`;
}
