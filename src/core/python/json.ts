// Python's json.dumps, the one encoder for every JSON text aztoken writes as Python would: az's `-o json`
// (indent=2, sort_keys, ensure_ascii=False), JMESPath's to_string() (compact, ensure_ascii), azureProfile.json
// (one line) and the token cache and service principal store (indent=4) that MSAL and az write.
import { insertionKeys, sortedKeys } from "./dict-keys.js";
import { isFloat, isPyNumber, isPyObject, numberValue, pyFloatRepr, pyNumberStr, type PyNumber } from "./values.js";

/** json.dumps keyword arguments, defaulting as Python does. */
export interface JsonDumpsOptions {
  /** Spaces per level; undefined writes everything on one line. */
  indent?: number;
  /** Default false. */
  sortKeys?: boolean;
  /** Default true: every non-ASCII character as \uXXXX (UTF-16 units). */
  ensureAscii?: boolean;
  /** Default [", ", ": "], or [",", ": "] with an indent (Python 3.4+). */
  separators?: readonly [item: string, key: string];
}

export function jsonDumps(value: unknown, options: JsonDumpsOptions = {}): string {
  const settings: Settings = {
    indent: options.indent,
    sortKeys: options.sortKeys ?? false,
    ensureAscii: options.ensureAscii ?? true,
    itemSeparator: options.separators?.[0] ?? (options.indent === undefined ? ", " : ","),
    keySeparator: options.separators?.[1] ?? ": ",
  };
  return encode(value, settings, 0);
}

interface Settings {
  indent: number | undefined;
  sortKeys: boolean;
  ensureAscii: boolean;
  itemSeparator: string;
  keySeparator: string;
}

function encode(value: unknown, settings: Settings, level: number): string {
  if (value === null || value === undefined) return "null";
  if (value === true) return "true";
  if (value === false) return "false";
  if (typeof value === "string") return encodeString(value, settings.ensureAscii);
  if (isPyNumber(value)) return encodeNumber(value);
  if (Array.isArray(value)) return encodeItems(value.map((item) => encode(item, settings, level + 1)), "[", "]", settings, level);
  if (isPyObject(value)) {
    // a member set to undefined is absent, as JSON.stringify has it (a Python dict has no such value)
    const keys = (settings.sortKeys ? sortedKeys(value) : insertionKeys(value)).filter((key) => value[key] !== undefined);
    const members = keys.map((key) => encodeString(key, settings.ensureAscii) + settings.keySeparator + encode(value[key], settings, level + 1));
    return encodeItems(members, "{", "}", settings, level);
  }
  return encodeString(String(value), settings.ensureAscii);
}

function encodeItems(items: string[], open: string, close: string, settings: Settings, level: number): string {
  if (items.length === 0) return open + close;
  if (settings.indent === undefined) return open + items.join(settings.itemSeparator) + close;
  const inner = "\n" + " ".repeat(settings.indent * (level + 1));
  const outer = "\n" + " ".repeat(settings.indent * level);
  return open + inner + items.join(settings.itemSeparator + inner) + outer + close;
}

/** float.__repr__, except json's spellings of the non-finite values. */
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
