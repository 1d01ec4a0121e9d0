// The Python operations jmespath relies on (==, <, truthiness, type names, str/repr), over our value model.
import { compareCodePoints, isQueryBuilt } from "../../python/dict-keys.js";
import { isFloat, isPyNumber, isPyObject, numberValue } from "../../python/values.js";
import { PythonError } from "./errors.js";

/** A `&expression` argument (Python's jmespath.visitor._Expression). */
export class Expref {
  constructor(readonly evaluate: (value: unknown) => unknown) {}

  /** Python prints the object's address here; there is no stable equivalent. */
  toString(): string {
    return "<jmespath.visitor._Expression object>";
  }
}

/** `type(value).__name__` in Python. */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "string") return "str";
  if (isPyNumber(value)) return isFloat(value) ? "float" : "int";
  if (Array.isArray(value)) return "list";
  if (value instanceof Expref) return "_Expression";
  if (isPyObject(value)) return isQueryBuilt(value) ? "OrderedDict" : "dict";
  return typeof value;
}

/** Python `==`, where True == 1 and 1 == 1.0. */
export function pyEquals(x: unknown, y: unknown): boolean {
  const a = numericOrSelf(x);
  const b = numericOrSelf(y);
  if (typeof a === "number" || typeof b === "number") return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => pyEquals(item, b[i]));
  }
  if (isPyObject(a) && isPyObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && pyEquals(a[key], b[key]));
  }
  return a === b || (a == null && b == null);
}

/** Python bools and PyFloats compare as plain numbers. */
function numericOrSelf(value: unknown): unknown {
  if (typeof value === "boolean") return Number(value);
  return isPyNumber(value) ? numberValue(value) : value;
}

export type PyOrdering = "<" | ">" | "<=" | ">=";

/** Python's ordering operators for numbers and strings; other pairs raise TypeError as Python would. */
export function pyCompare(x: unknown, y: unknown, operator: PyOrdering): boolean {
  let a: number | string;
  let b: number | string;
  if (typeof x === "string" && typeof y === "string") [a, b] = [compareCodePoints(x, y), 0];
  else if (isPyNumber(x) && isPyNumber(y)) [a, b] = [numberValue(x), numberValue(y)];
  else throw new PythonError("TypeError", `'${operator}' not supported between instances of '${pyTypeName(x)}' and '${pyTypeName(y)}'`);
  if (operator === "<") return a < b;
  if (operator === ">") return a > b;
  return operator === "<=" ? a <= b : a >= b;
}

/** jmespath's _is_false: '', [], {}, None and False. */
export function isFalse(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  return isPyObject(value) && Object.keys(value).length === 0;
}
