// Reading the profile's files strictly, so that nothing is rewritten from a lossy reading of it: bytes that are
// not UTF-8 (which a lenient decode would turn into U+FFFD and then save) and JSON nested deeper than any real
// file (az's Python json gives up near 1000 levels; our writer would overflow the stack) make a file unreadable,
// reported like broken JSON. Cheap enough for the cache-hit path: one walk over the parsed value.
import { isUtf8 } from "node:buffer";
import { readFileSync } from "node:fs";

/** Deeper than any file az or aztoken writes (4 levels), well below where Python's json or our writer fail. */
export const MAX_JSON_DEPTH = 512;

/** Why a file's text cannot be used; `detail` goes into the caller's one-line error. */
export class UnreadableTextError extends Error {
  override name = "UnreadableTextError";
  constructor(readonly detail: string) {
    super(detail);
  }
}

/**
 * The text of `bytes`, a leading BOM kept (callers drop it); throws when they are not valid UTF-8. isUtf8 (simdutf)
 * rather than a fatal TextDecoder, whose set-up costs a cache hit ~0.1 ms more; both refuse the same bytes.
 */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  if (!isUtf8(bytes)) throw new UnreadableTextError("invalid UTF-8");
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}

/** JSON.parse, refusing nesting deeper than MAX_JSON_DEPTH; syntax errors read "invalid JSON: ...". */
export function parseJsonStrict(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text); // V8's parser is iterative: any depth parses without exhausting the stack
  } catch (error) {
    throw new UnreadableTextError(`invalid JSON: ${(error as Error).message}`);
  }
  if (nestingExceeds(value, MAX_JSON_DEPTH)) throw new UnreadableTextError(`nested more than ${MAX_JSON_DEPTH} levels deep`);
  return value;
}

/**
 * True when objects and arrays in `value` nest deeper than `limit`. Walks the parsed value, not the text: a
 * profile file has a few hundred nodes where its text has thousands of characters, so this costs next to nothing
 * on the cache-hit path, and it stops at `limit` however deep the file goes (so the recursion stays shallow). It
 * allocates nothing: a cache of 1,000 tokens has ~15,000 values.
 */
function nestingExceeds(value: unknown, limit: number): boolean {
  const deeper = (node: unknown, depth: number): boolean => {
    if (node === null || typeof node !== "object") return false;
    if (depth > limit) return true;
    if (Array.isArray(node)) {
      for (const child of node) if (deeper(child, depth + 1)) return true;
    } else {
      // a JSON.parse result: own enumerable keys only
      for (const key in node) if (deeper((node as Record<string, unknown>)[key], depth + 1)) return true;
    }
    return false;
  };
  return deeper(value, 1);
}

/** The strictly decoded text of the file at `path`, or undefined when there is none; any failure to read it is an UnreadableTextError. */
export function readTextStrict(path: string): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new UnreadableTextError((error as Error).message);
  }
  return decodeUtf8Strict(bytes);
}
