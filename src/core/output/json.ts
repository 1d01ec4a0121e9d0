// Python's json.dumps, as az prints results (indent=2, sort_keys, ensure_ascii=False) and as JMESPath's
// to_string() encodes values (compact, insertion order, ensure_ascii=True).
import { insertionKeys, sortedKeys } from "./object-keys.js";
import { isFloat, isPyNumber, isPyObject, numberValue, pyFloatRepr, pyNumberStr, type PyNumber } from "./python-values.js";

export interface PyJsonOptions {
  /** Spaces per level; undefined writes everything on one line. */
  indent?: number;
  sortKeys: boolean;
  ensureAscii: boolean;
  itemSeparator: string;
  keySeparator: string;
}

const AZ_OPTIONS: PyJsonOptions = { indent: 2, sortKeys: true, ensureAscii: false, itemSeparator: ",", keySeparator: ": " };

/** The stdout bytes of `-o json`. */
export function formatJson(value: unknown): string {
  return pyJsonDumps(value, AZ_OPTIONS) + "\n";
}

export function pyJsonDumps(value: unknown, options: PyJsonOptions): string {
  return encode(value, options, 0);
}

function encode(value: unknown, options: PyJsonOptions, level: number): string {
  if (value === null || value === undefined) return "null";
  if (value === true) return "true";
  if (value === false) return "false";
  if (typeof value === "string") return encodeString(value, options.ensureAscii);
  if (isPyNumber(value)) return encodeNumber(value);
  if (Array.isArray(value)) return encodeItems(value.map((item) => encode(item, options, level + 1)), "[", "]", options, level);
  if (isPyObject(value)) {
    const keys = options.sortKeys ? sortedKeys(value) : insertionKeys(value);
    const members = keys.map((key) => encodeString(key, options.ensureAscii) + options.keySeparator + encode(value[key], options, level + 1));
    return encodeItems(members, "{", "}", options, level);
  }
  return encodeString(String(value), options.ensureAscii);
}

function encodeItems(items: string[], open: string, close: string, options: PyJsonOptions, level: number): string {
  if (items.length === 0) return open + close;
  if (options.indent === undefined) return open + items.join(options.itemSeparator) + close;
  const inner = "\n" + " ".repeat(options.indent * (level + 1));
  const outer = "\n" + " ".repeat(options.indent * level);
  return open + inner + items.join(options.itemSeparator + inner) + outer + close;
}

function encodeNumber(value: PyNumber): string {
  if (!isFloat(value)) return pyNumberStr(value);
  const x = numberValue(value);
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  return pyFloatRepr(x);
}

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };
const ESCAPE = /["\\\x00-\x1f]/g;
const ESCAPE_ASCII = /["\\]|[^ -~]/g;

function encodeString(text: string, ensureAscii: boolean): string {
  const escaped = text.replace(ensureAscii ? ESCAPE_ASCII : ESCAPE, (char) =>
    SHORT_ESCAPES[char] ?? "\\u" + char.charCodeAt(0).toString(16).padStart(4, "0"),
  );
  return `"${escaped}"`;
}
