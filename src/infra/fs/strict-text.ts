// Reading the profile's files strictly, so that nothing is rewritten from a lossy reading of it: bytes that are
// not UTF-8 (which a lenient decode would turn into U+FFFD and then save) and JSON nested deeper than any real
// file (az's Python json gives up near 1000 levels; our writer would overflow the stack) make a file unreadable,
// reported like broken JSON. Cheap enough for the cache-hit path: one pass over a few KB.
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

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The text of `bytes`, a leading BOM kept (callers drop it); throws when they are not valid UTF-8. */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new UnreadableTextError("invalid UTF-8");
  }
}

/** JSON.parse, refusing nesting deeper than MAX_JSON_DEPTH; syntax errors read "invalid JSON: ...". */
export function parseJsonStrict(text: string): unknown {
  if (nestingExceeds(text, MAX_JSON_DEPTH)) throw new UnreadableTextError(`nested more than ${MAX_JSON_DEPTH} levels deep`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UnreadableTextError(`invalid JSON: ${(error as Error).message}`);
  }
}

/** True when brackets outside strings nest deeper than `limit` (a linear scan; syntax is JSON.parse's job). */
function nestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++; // backslash: skip the escaped character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x5b || code === 0x7b) {
      if (++depth > limit) return true;
    } else if (code === 0x5d || code === 0x7d) depth--;
  }
  return false;
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
