// Python's repr() and str(): argparse's %r in parser errors, jmespath error messages, tabulate cells showing
// nested data, MSAL's lists of accounts. The one copy: a second one once disagreed on which characters to escape.
import { insertionKeys, isQueryBuilt } from "./dict-keys.js";
import { isPyNumber, isPyObject, pyNumberStr } from "./values.js";

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

// Built on first use: a literal is compiled when its module loads, and these Unicode classes (\p{Cn} is every
// unassigned code point) cost about a millisecond, on every cache hit that never prints a repr.
let notPrintable: RegExp | undefined;
// biome-ignore lint/complexity/useRegexLiterals: a literal's pattern is checked when the module is parsed, the cost avoided here
const isNotPrintable = (char: string) => (notPrintable ??= new RegExp("[\\p{Cc}\\p{Cf}\\p{Cs}\\p{Co}\\p{Cn}\\p{Zl}\\p{Zp}\\p{Zs}]", "u")).test(char);
const REPR_ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** Python's repr() of a str (str.isprintable decides what is escaped): quotes chosen as Python does, non-printable characters escaped. */
export function pyStrRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let body = "";
  for (const char of text) {
    const escaped = REPR_ESCAPES[char];
    if (escaped) body += escaped;
    else if (char === quote) body += "\\" + quote;
    else if (char !== " " && (char < " " || char > "~") && isNotPrintable(char)) body += escapeCodePoint(char.codePointAt(0) ?? 0);
    else body += char;
  }
  return quote + body + quote;
}

function escapeCodePoint(code: number): string {
  if (code < 0x100) return "\\x" + code.toString(16).padStart(2, "0");
  if (code < 0x10000) return "\\u" + code.toString(16).padStart(4, "0");
  return "\\U" + code.toString(16).padStart(8, "0");
}
