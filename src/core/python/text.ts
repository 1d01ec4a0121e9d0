// Python str semantics that differ from JS: what counts as whitespace and as a line break.

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
