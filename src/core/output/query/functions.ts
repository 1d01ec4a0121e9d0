// Port of jmespath/functions.py: the built-in functions with Python's argument checks and error texts.
import { compareCodePoints, insertionKeys, setOwn } from "../../python/dict-keys.js";
import { jsonDumps } from "../../python/json.js";
import { pyStrip } from "../../python/text.js";
import { isFloat, isPyNumber, numberValue, toPyNumber, type PyNumber, type PyObject } from "../../python/values.js";
import { JmesPathError, PythonError, arityError } from "./errors.js";
import { pyRepr, pyStr } from "../../python/repr.js";
import { Expref, pyCompare, pyEquals, pyTypeName } from "./python-semantics.js";

interface Signature {
  types: string[];
  variadic?: boolean;
}

interface FunctionSpec {
  signature: Signature[];
  // biome-ignore lint/suspicious/noExplicitAny: arguments are checked against `signature` at run time; each function types its own
  call(args: any[]): unknown;
}

const PY_TYPES: Record<string, string[]> = {
  boolean: ["bool"], array: ["list", "_Projection"], object: ["dict", "OrderedDict"], null: ["NoneType"],
  string: ["unicode", "str"], number: ["float", "int", "long"], expref: ["_Expression"],
};
const JMESPATH_TYPES: Record<string, string> = {
  bool: "boolean", list: "array", dict: "object", OrderedDict: "object", NoneType: "null", str: "string",
  float: "number", int: "number", _Expression: "expref",
};

const jmespathType = (pythonType: string): string => JMESPATH_TYPES[pythonType] ?? "unknown";

function typeError(functionName: string, value: unknown, actualType: string, expected: string[]): JmesPathError {
  return new JmesPathError(
    `In function ${functionName}(), invalid type for value: ${pyStr(value)}, expected one of: ${pyRepr(expected)}, received: "${actualType}"`,
  );
}

const arg = (...types: string[]): Signature => ({ types });

const FUNCTIONS: Record<string, FunctionSpec> = {
  abs: { signature: [arg("number")], call: ([x]) => toPyNumber(Math.abs(numberValue(x)), isFloat(x)) },
  avg: { signature: [arg("array-number")], call: ([xs]: [PyNumber[]]) => (xs.length ? toPyNumber(sumValues(xs) / xs.length, true) : null) },
  not_null: { signature: [{ types: [], variadic: true }], call: (args) => args.find((x) => x !== null && x !== undefined) ?? null },
  to_array: { signature: [arg()], call: ([x]) => (Array.isArray(x) ? x : [x]) },
  to_string: { signature: [arg()], call: ([x]) => (typeof x === "string" ? x : toJsonString(x)) },
  to_number: { signature: [arg()], call: ([x]) => toNumber(x) },
  contains: { signature: [arg("array", "string"), arg()], call: ([subject, search]) => contains(subject, search) },
  length: { signature: [arg("string", "array", "object")], call: ([x]) => (typeof x === "string" ? Array.from(x).length : Array.isArray(x) ? x.length : Object.keys(x).length) },
  ends_with: { signature: [arg("string"), arg("string")], call: ([s, suffix]: string[]) => (s as string).endsWith(suffix as string) },
  starts_with: { signature: [arg("string"), arg("string")], call: ([s, prefix]: string[]) => (s as string).startsWith(prefix as string) },
  reverse: { signature: [arg("array", "string")], call: ([x]) => (typeof x === "string" ? Array.from(x).reverse().join("") : [...x].reverse()) },
  ceil: { signature: [arg("number")], call: ([x]) => toPythonInt(Math.ceil(numberValue(x))) },
  floor: { signature: [arg("number")], call: ([x]) => toPythonInt(Math.floor(numberValue(x))) },
  join: { signature: [arg("string"), arg("array-string")], call: ([separator, items]) => items.join(separator) },
  map: { signature: [arg("expref"), arg("array")], call: ([expref, items]: [Expref, unknown[]]) => items.map((item) => expref.evaluate(item)) },
  max: { signature: [arg("array-number", "array-string")], call: ([xs]) => extreme(xs, (a, b) => pyCompare(a, b, ">")) },
  min: { signature: [arg("array-number", "array-string")], call: ([xs]) => extreme(xs, (a, b) => pyCompare(a, b, "<")) },
  merge: { signature: [{ types: ["object"], variadic: true }], call: (objects: PyObject[]) => merge(objects) },
  sort: { signature: [arg("array-string", "array-number")], call: ([xs]) => sortByKey(xs, xs) },
  sum: { signature: [arg("array-number")], call: ([xs]: [PyNumber[]]) => toPyNumber(sumValues(xs), xs.some(isFloat)) },
  keys: { signature: [arg("object")], call: ([x]) => insertionKeys(x) },
  values: { signature: [arg("object")], call: ([x]) => insertionKeys(x).map((key) => x[key]) },
  type: { signature: [arg()], call: ([x]) => jmespathType(pyTypeName(x)) },
  sort_by: { signature: [arg("array"), arg("expref")], call: ([xs, expref]) => sortBy(xs, expref) },
  min_by: { signature: [arg("array"), arg("expref")], call: ([xs, expref]) => extremeBy(xs, expref, "min_by", (a, b) => pyCompare(a, b, "<")) },
  max_by: { signature: [arg("array"), arg("expref")], call: ([xs, expref]) => extremeBy(xs, expref, "max_by", (a, b) => pyCompare(a, b, ">")) },
};

export function callFunction(name: string, args: unknown[]): unknown {
  const spec = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (!spec) throw new JmesPathError(`Unknown function: ${name}()`);
  validateArguments(name, spec.signature, args);
  return spec.call(args);
}

function validateArguments(name: string, signature: Signature[], args: unknown[]): void {
  const variadic = signature[signature.length - 1]?.variadic === true;
  if (variadic ? args.length < signature.length : args.length !== signature.length) {
    throw arityError(name, signature.length, args.length, variadic);
  }
  signature.forEach((parameter, i) => {
    if (parameter.types.length) checkType(name, args[i], parameter.types);
  });
}

/** Python's _type_check_single: the value's type, then for typed arrays the element types. */
function checkType(name: string, value: unknown, types: string[]): void {
  const allowed = types.flatMap((type) => PY_TYPES[type.split("-")[0] ?? ""] ?? []);
  const elementTypes = types.filter((type) => type.includes("-")).map((type) => PY_TYPES[type.split("-")[1] ?? ""] ?? []);
  const actual = pyTypeName(value);
  if (!allowed.includes(actual)) throw typeError(name, value, jmespathType(actual), types);
  if (elementTypes.length === 0) return;
  const items = value as unknown[];
  let required = elementTypes[0] ?? [];
  if (elementTypes.length > 1) {
    if (items.length === 0) return;
    // The first element decides which of the array types the rest must match.
    const first = pyTypeName(items[0]);
    const match = elementTypes.find((candidates) => candidates.includes(first));
    if (!match) throw typeError(name, items[0], first, types);
    required = match;
  }
  for (const item of items) {
    // Python reports the raw Python type name here ("str", not "string").
    if (!required.includes(pyTypeName(item))) throw typeError(name, item, pyTypeName(item), types);
  }
}

function sumValues(xs: PyNumber[]): number {
  return xs.reduce<number>((total, x) => total + numberValue(x), 0);
}

function toPythonInt(x: number): number {
  if (Number.isNaN(x)) throw new PythonError("ValueError", "cannot convert float NaN to integer");
  if (!Number.isFinite(x)) throw new PythonError("OverflowError", "cannot convert float infinity to integer");
  return x === 0 ? 0 : x;
}

function toJsonString(value: unknown): string {
  const encodable = value instanceof Expref ? String(value) : value;
  return jsonDumps(encodable, { separators: [",", ":"] });
}

const DIGITS = "[0-9](?:_?[0-9])*";
const INT_TEXT = new RegExp(`^[+-]?${DIGITS}$`);
const FLOAT_TEXT = new RegExp(`^[+-]?(?:(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?|inf|infinity|nan)$`, "i");

/** Python's int(text), else float(text), else None. */
function toNumber(value: unknown): unknown {
  if (isPyNumber(value)) return value;
  if (typeof value !== "string") return null;
  const text = pyStrip(value);
  const plain = text.replaceAll("_", "").toLowerCase();
  if (INT_TEXT.test(text)) return Number(plain) || 0;
  if (!FLOAT_TEXT.test(text)) return null;
  const magnitude = plain.replace(/^[+-]/, "");
  const unsigned = magnitude.startsWith("inf") ? Infinity : magnitude === "nan" ? NaN : Number(magnitude);
  return toPyNumber(plain.startsWith("-") ? -unsigned : unsigned, true);
}

function contains(subject: unknown, search: unknown): boolean {
  if (Array.isArray(subject)) return subject.some((item) => pyEquals(item, search));
  if (typeof search !== "string") throw new PythonError("TypeError", `'in <string>' requires string as left operand, not ${pyTypeName(search)}`);
  return (subject as string).includes(search);
}

/** Python's max()/min(): the first element that no later one beats. */
function extreme<T>(items: T[], beats: (candidate: T, best: T) => boolean): T | null {
  if (items.length === 0) return null;
  let best = items[0] as T;
  for (const item of items.slice(1)) if (beats(item, best)) best = item;
  return best;
}

function merge(objects: PyObject[]): PyObject {
  const merged: PyObject = {};
  for (const object of objects) for (const key of insertionKeys(object)) setOwn(merged, key, object[key]);
  return merged;
}

/** Stable sort by precomputed keys, as Python's sorted(key=...). */
function sortByKey(items: unknown[], keys: unknown[]): unknown[] {
  const order = items.map((_, i) => i);
  order.sort((a, b) => compareValues(keys[a], keys[b]));
  return order.map((i) => items[i]);
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === "string" && typeof b === "string") return compareCodePoints(a, b);
  return numberValue(a as PyNumber) - numberValue(b as PyNumber);
}

function keyOf(expref: Expref, item: unknown, functionName: string, allowed: string[]): unknown {
  const key = expref.evaluate(item);
  const type = jmespathType(pyTypeName(key));
  if (!allowed.includes(type)) throw typeError(functionName, key, type, allowed);
  return key;
}

function sortBy(items: unknown[], expref: Expref): unknown[] {
  if (items.length === 0) return items;
  const required = jmespathType(pyTypeName(expref.evaluate(items[0])));
  if (required !== "number" && required !== "string") throw typeError("sort_by", items[0], required, ["string", "number"]);
  return sortByKey(items, items.map((item) => keyOf(expref, item, "sort_by", [required])));
}

/** Python's min/max(key=...): keys are computed and compared one element at a time, so errors come in that order. */
function extremeBy(items: unknown[], expref: Expref, functionName: string, beats: (a: unknown, b: unknown) => boolean): unknown {
  const keyFor = (item: unknown) => keyOf(expref, item, functionName, ["number", "string"]);
  let best: { item: unknown; key: unknown } | null = null;
  for (const item of items) {
    const key = keyFor(item);
    if (best === null || beats(key, best.key)) best = { item, key };
  }
  return best ? best.item : null;
}
