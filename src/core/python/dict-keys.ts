// Key order. Python dicts keep insertion order and az sorts them for json/yaml/tsv, but objects built by a JMESPath
// multiselect hash are OrderedDicts that tsv prints in query order. JS objects also move integer-like keys ("2")
// to the front, so query-built objects carry their real key order under a symbol.
import type { PyObject } from "./values.js";

const QUERY_KEY_ORDER = Symbol("queryKeyOrder");

type KeyOrdered = PyObject & { [QUERY_KEY_ORDER]?: string[] };

/** Sets a property without tripping over the `__proto__` setter. */
export function setOwn(target: PyObject, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

export function getOwn(target: PyObject, key: string): unknown {
  return Object.hasOwn(target, key) ? target[key] : undefined;
}

/** Builds an object that remembers `entries` order, as a JMESPath multiselect hash (Python OrderedDict). */
export function queryBuiltObject(entries: Iterable<readonly [string, unknown]>): PyObject {
  const target: KeyOrdered = {};
  const order: string[] = [];
  for (const [key, value] of entries) {
    if (!Object.hasOwn(target, key)) order.push(key);
    setOwn(target, key, value);
  }
  Object.defineProperty(target, QUERY_KEY_ORDER, { value: order });
  return target;
}

/** True for objects made by a multiselect hash (Python OrderedDict). */
export function isQueryBuilt(target: PyObject): boolean {
  return (target as KeyOrdered)[QUERY_KEY_ORDER] !== undefined;
}

/** Keys in insertion order, as Python's `dict.keys()`. */
export function insertionKeys(target: PyObject): string[] {
  return (target as KeyOrdered)[QUERY_KEY_ORDER] ?? Object.keys(target);
}

/** Python orders str by code point; JS `<` compares UTF-16 units, which differs above U+FFFF. */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && x <= 0xdfff && y >= 0xd800 && y <= 0xdfff) return x - y;
    return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Surrogates (astral characters) rank above every other BMP unit. */
function codePointRank(unit: number): number {
  return unit >= 0xd800 && unit <= 0xdfff ? unit + 0x10000 : unit;
}

export function sortedKeys(target: PyObject): string[] {
  return Object.keys(target).sort(compareCodePoints);
}
