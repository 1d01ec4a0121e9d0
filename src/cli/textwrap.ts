// Python's textwrap.TextWrapper as knack configures it (replace_whitespace=False, break_long_words and
// break_on_hyphens on), so help text wraps at exactly the same places as az's.

const WS = "[\\t\\n\\x0b\\x0c\\r ]";
const NWS = "[^\\t\\n\\x0b\\x0c\\r ]";
const WORD_PUNCT = "[\\w!\"'&.,?]";
const LETTER = "[^\\d\\W]";
// textwrap.TextWrapper.wordsep_re, verbatim apart from \Z → $.
const WORDSEP = new RegExp(
  `(${WS}+|(?<=${WORD_PUNCT})-{2,}(?=\\w)|${NWS}+?(?:-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))(?=${LETTER}-?${LETTER})|(?=${WS}|$)|(?<=${WORD_PUNCT})(?=-{2,}\\w)))`,
);

export interface WrapOptions {
  width: number;
  initialIndent?: string;
  subsequentIndent?: string;
}

/** textwrap.fill: the wrapped lines joined with "\n" ("" for empty text). */
export function fill(text: string, options: WrapOptions): string {
  return wrap(text, options).join("\n");
}

export function wrap(text: string, { width, initialIndent = "", subsequentIndent = "" }: WrapOptions): string[] {
  const chunks = text.replace(/\t/g, "        ").split(WORDSEP).filter((c) => c !== "").reverse();
  const lines: string[] = [];
  while (chunks.length > 0) {
    const indent = lines.length > 0 ? subsequentIndent : initialIndent;
    const room = width - indent.length;
    if (lines.length > 0 && chunks[chunks.length - 1]!.trim() === "") chunks.pop();
    const line: string[] = [];
    let used = 0;
    while (chunks.length > 0 && used + chunks[chunks.length - 1]!.length <= room) {
      const chunk = chunks.pop()!;
      line.push(chunk);
      used += chunk.length;
    }
    if (chunks.length > 0 && chunks[chunks.length - 1]!.length > room) breakLongWord(chunks, line, used, room);
    if (line.length > 0 && line[line.length - 1]!.trim() === "") line.pop();
    if (line.length > 0) lines.push(indent + line.join(""));
  }
  return lines;
}

function breakLongWord(chunks: string[], line: string[], used: number, room: number): void {
  const spaceLeft = room < 1 ? 1 : room - used;
  const chunk = chunks[chunks.length - 1]!;
  let end = spaceLeft;
  if (chunk.length > spaceLeft) {
    const hyphen = chunk.lastIndexOf("-", spaceLeft - 1);
    if (hyphen > 0 && /[^-]/.test(chunk.slice(0, hyphen))) end = hyphen + 1;
  }
  line.push(chunk.slice(0, end));
  chunks[chunks.length - 1] = chunk.slice(end);
}
