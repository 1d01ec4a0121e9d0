// JSON text exactly as Python's json.dumps writes it with its defaults (ensure_ascii=True), which is how az
// writes azureProfile.json (one line, ", " and ": ") and MSAL/az write the token cache and the service
// principal store (indent=4). Byte-compatible files keep diffs and az's own parsers happy.

export interface PythonJsonOptions {
  /** Spaces per level; undefined writes one line. */
  indent?: number;
}

export function pythonJsonDumps(value: unknown, options: PythonJsonOptions = {}): string {
  return dump(value, options.indent, 0);
}

function dump(value: unknown, indent: number | undefined, depth: number): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : pythonFloat(value);
  if (typeof value === "string") return asciiString(value);
  const newline = indent === undefined ? "" : "\n" + " ".repeat(indent * (depth + 1));
  const closing = indent === undefined ? "" : "\n" + " ".repeat(indent * depth);
  const separator = indent === undefined ? ", " : ",";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[${newline}${value.map((item) => dump(item, indent, depth + 1)).join(separator + newline)}${closing}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
  if (entries.length === 0) return "{}";
  const members = entries.map(([key, item]) => `${asciiString(key)}: ${dump(item, indent, depth + 1)}`);
  return `{${newline}${members.join(separator + newline)}${closing}}`;
}

function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
  const text = String(value);
  return /[.e]/.test(text) ? text.replace(/e([+-])(\d)$/, "e$10$2") : `${text}.0`;
}

/** A JSON string with every non-ASCII character escaped as \uXXXX (UTF-16 units, as Python does). */
function asciiString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const char = text[i]!;
    if (char === '"') out += '\\"';
    else if (char === "\\") out += "\\\\";
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (char === "\b") out += "\\b";
    else if (char === "\f") out += "\\f";
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += char;
  }
  return out + '"';
}
