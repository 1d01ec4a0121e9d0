// PyYAML's Emitter.analyze_scalar: which styles can carry a string unchanged. Works on code points, as Python.

export interface ScalarAnalysis {
  chars: string[];
  empty: boolean;
  multiline: boolean;
  allowBlockPlain: boolean;
  allowSingleQuoted: boolean;
}

export const LINE_BREAKS = "\n\x85\u2028\u2029";
const SPACE_OR_BREAK = "\0 \t\r\n\x85\u2028\u2029";

/** Characters PyYAML may write unescaped with allow_unicode (everything else forces double quotes). */
function isPrintable(char: string): boolean {
  if (char === "\n" || (char >= " " && char <= "~")) return true;
  const code = char.codePointAt(0) ?? 0;
  if (code === 0xfeff) return false;
  return code === 0x85 || (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code < 0x10ffff);
}

export function analyzeScalar(text: string): ScalarAnalysis {
  const chars = Array.from(text);
  if (chars.length === 0) return { chars, empty: true, multiline: false, allowBlockPlain: true, allowSingleQuoted: true };
  let blockIndicators = text.startsWith("---") || text.startsWith("...");
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let followedByWhitespace = chars.length === 1 || SPACE_OR_BREAK.includes(chars[1] as string);
  let previousSpace = false;
  let previousBreak = false;
  const last = chars.length - 1;
  chars.forEach((char, index) => {
    if (index === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(char)) blockIndicators = true;
      if ("?:".includes(char) && followedByWhitespace) blockIndicators = true;
      if (char === "-" && followedByWhitespace) blockIndicators = true;
    } else {
      if (char === ":" && followedByWhitespace) blockIndicators = true;
      if (char === "#" && precededByWhitespace) blockIndicators = true;
    }
    const isBreak = LINE_BREAKS.includes(char);
    if (isBreak) lineBreaks = true;
    if (!isPrintable(char)) special = true;
    if (char === " ") {
      if (index === 0) leadingSpace = true;
      if (index === last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
    } else if (isBreak) {
      if (index === 0) leadingBreak = true;
      if (index === last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
    }
    previousSpace = char === " ";
    previousBreak = isBreak;
    precededByWhitespace = SPACE_OR_BREAK.includes(char);
    followedByWhitespace = index + 2 >= chars.length || SPACE_OR_BREAK.includes(chars[index + 2] as string);
  });
  const plain = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak || breakSpace || spaceBreak || special || lineBreaks || blockIndicators);
  return {
    chars,
    empty: false,
    multiline: lineBreaks,
    allowBlockPlain: plain,
    allowSingleQuoted: !(breakSpace || spaceBreak || special),
  };
}
