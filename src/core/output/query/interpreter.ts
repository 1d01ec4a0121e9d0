// Port of jmespath/visitor.py's TreeInterpreter, run with Options(dict_cls=OrderedDict) as knack does: objects
// built by a multiselect hash remember the order the query wrote their keys in.
import { getOwn, insertionKeys, queryBuiltObject } from "../../python/dict-keys.js";
import { isPyNumber, isPyObject, numberValue } from "../../python/values.js";
import { PythonError } from "./errors.js";
import { callFunction } from "./functions.js";
import type { Node } from "./parser.js";
import { Expref, isFalse, pyCompare, pyEquals, type PyOrdering } from "./python-semantics.js";

type Visit = (node: Node, value: unknown) => unknown;

const child = (node: Node, index: number): Node => node.children[index] as Node;

/** Applies `right` to each element, dropping nulls (every projection kind works this way). */
function project(elements: unknown[], right: Node): unknown[] {
  const collected: unknown[] = [];
  for (const element of elements) {
    const current = visit(right, element);
    if (current !== null && current !== undefined) collected.push(current);
  }
  return collected;
}

const VISITORS: Record<string, Visit> = {
  subexpression: (node, value) => node.children.reduce<unknown>((result, next) => visit(next, result), value),
  index_expression: (node, value) => node.children.reduce<unknown>((result, next) => visit(next, result), value),
  pipe: (node, value) => node.children.reduce<unknown>((result, next) => visit(next, result), value),
  field: (node, value) => (isPyObject(value) ? getOwn(value, node.value as string) ?? null : null),
  comparator: compare,
  current: (_node, value) => value,
  identity: (_node, value) => value,
  literal: (node) => node.value,
  expref: (node) => new Expref((value) => visit(child(node, 0), value)),
  function_expression: (node, value) => callFunction(node.value as string, node.children.map((argument) => visit(argument, value))),
  filter_projection: (node, value) => {
    const base = visit(child(node, 0), value);
    if (!Array.isArray(base)) return null;
    const collected: unknown[] = [];
    for (const element of base) {
      if (isFalse(visit(child(node, 2), element))) continue;
      const current = visit(child(node, 1), element);
      if (current !== null && current !== undefined) collected.push(current);
    }
    return collected;
  },
  flatten: (node, value) => {
    const base = visit(child(node, 0), value);
    return Array.isArray(base) ? base.flatMap((element) => (Array.isArray(element) ? element : [element])) : null;
  },
  index: (node, value) => {
    if (!Array.isArray(value)) return null;
    const index = node.value as number;
    return value[index < 0 ? value.length + index : index] ?? null;
  },
  slice: (node, value) => (Array.isArray(value) ? pySlice(value, node.value as (number | null)[]) : null),
  key_val_pair: (node, value) => visit(child(node, 0), value),
  multi_select_dict: (node, value) =>
    value === null || value === undefined ? null : queryBuiltObject(node.children.map((pair) => [pair.value as string, visit(pair, value)] as const)),
  multi_select_list: (node, value) => (value === null || value === undefined ? null : node.children.map((item) => visit(item, value))),
  or_expression: (node, value) => {
    const matched = visit(child(node, 0), value);
    return isFalse(matched) ? visit(child(node, 1), value) : matched;
  },
  and_expression: (node, value) => {
    const matched = visit(child(node, 0), value);
    return isFalse(matched) ? matched : visit(child(node, 1), value);
  },
  // Python: `not value`, except that 0 is true in JMESPath; numbers are therefore never "not".
  not_expression: (node, value) => isFalse(visit(child(node, 0), value)),
  projection: (node, value) => {
    const base = visit(child(node, 0), value);
    return Array.isArray(base) ? project(base, child(node, 1)) : null;
  },
  value_projection: (node, value) => {
    const base = visit(child(node, 0), value);
    return isPyObject(base) ? project(insertionKeys(base).map((key) => base[key]), child(node, 1)) : null;
  },
};

export function visit(node: Node, value: unknown): unknown {
  const visitor = VISITORS[node.type];
  if (!visitor) throw new Error(`unknown JMESPath node ${node.type}`);
  return visitor(node, value);
}

const ORDERING: Record<string, PyOrdering> = { lt: "<", gt: ">", lte: "<=", gte: ">=" };

function compare(node: Node, value: unknown): unknown {
  const left = visit(child(node, 0), value);
  const right = visit(child(node, 1), value);
  if (node.value === "eq") return jmespathEquals(left, right);
  if (node.value === "ne") return !jmespathEquals(left, right);
  // Ordering applies to numbers and strings only; anything else yields null.
  if (!isComparable(left) || !isComparable(right)) return null;
  return pyCompare(left, right, ORDERING[node.value as string] ?? "<");
}

const isComparable = (value: unknown): boolean => isPyNumber(value) || typeof value === "string";

/** Python's `==`, except that 0 and 1 never equal false and true at the top level. */
function jmespathEquals(x: unknown, y: unknown): boolean {
  const zeroOrOne = (v: unknown) => isPyNumber(v) && (numberValue(v) === 0 || numberValue(v) === 1);
  if ((zeroOrOne(x) && typeof y === "boolean") || (zeroOrOne(y) && typeof x === "boolean")) return false;
  return pyEquals(x, y);
}

/** Python's list[start:stop:step]. */
function pySlice(items: unknown[], [start, stop, step]: (number | null)[]): unknown[] {
  const stride = step ?? 1;
  if (stride === 0) throw new PythonError("ValueError", "slice step cannot be zero");
  const length = items.length;
  const clamp = (index: number | null | undefined, fallback: number, low: number, high: number) => {
    if (index === null || index === undefined) return fallback;
    const absolute = index < 0 ? index + length : index;
    return Math.min(Math.max(absolute, low), high);
  };
  const result: unknown[] = [];
  if (stride > 0) {
    for (let i = clamp(start, 0, 0, length), end = clamp(stop, length, 0, length); i < end; i += stride) result.push(items[i]);
  } else {
    for (let i = clamp(start, length - 1, -1, length - 1), end = clamp(stop, -1, -1, length - 1); i > end; i += stride) result.push(items[i]);
  }
  return result;
}
