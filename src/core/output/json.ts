// `-o json`: json.dumps as az calls it (indent=2, sort_keys, ensure_ascii=False), plus the final newline.
import { jsonDumps } from "../python/json.js";

/** The stdout bytes of `-o json`. */
export function formatJson(value: unknown): string {
  return jsonDumps(value, { indent: 2, sortKeys: true, ensureAscii: false }) + "\n";
}
