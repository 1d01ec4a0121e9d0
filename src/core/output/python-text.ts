// Python str semantics that differ from JS: what counts as whitespace and as a line break, and repr().

/** Characters for which Python's str.isspace() (and `\s` in re) is true, as a regex class body. */
export const PY_SPACE = "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

const LEADING_SPACE = new RegExp(`^[${PY_SPACE}]+`);
const TRAILING_SPACE = new RegExp(`[${PY_SPACE}]+$`);

export function pyLstrip(text: string): string {
  return text.replace(LEADING_SPACE, "");
}

export function pyRstrip(text: string): string {
  return text.replace(TRAILING_SPACE, "");
}

export function pyStrip(text: string): string {
  return pyRstrip(pyLstrip(text));
}

/** Python's str.splitlines(keepends=True): breaks at \n, \r, \r\n, \v, \f, \x1c-\x1e, \x85, \u2028, \u2029. */
export function pySplitLinesKeepEnds(text: string): string[] {
  return text.match(/[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])|[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+$/g) ?? [];
}

/** Python's str.splitlines(): like the above without the line ends; "" gives no lines at all. */
export function pySplitLines(text: string): string[] {
  return pySplitLinesKeepEnds(text).map((line) => line.replace(/(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])$/, ""));
}

const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
const REPR_ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** Python's repr() of a str: quotes chosen as Python does, non-printable characters escaped. */
export function pyStrRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let body = "";
  for (const char of text) {
    const escape = REPR_ESCAPES[char];
    if (escape) body += escape;
    else if (char === quote) body += "\\" + quote;
    else if (char !== " " && NOT_PRINTABLE.test(char)) body += escapeCodePoint(char.codePointAt(0) ?? 0);
    else body += char;
  }
  return quote + body + quote;
}

function escapeCodePoint(code: number): string {
  if (code < 0x100) return "\\x" + code.toString(16).padStart(2, "0");
  if (code < 0x10000) return "\\u" + code.toString(16).padStart(4, "0");
  return "\\U" + code.toString(16).padStart(8, "0");
}
