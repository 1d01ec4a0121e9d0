// Port of Pygments 2.14's JsonLexer: a character state machine; a string followed by ":" becomes Name.Tag.
import type { Token } from "./terminal-formatter.js";

const INTEGERS = new Set("-0123456789");
const FLOATS = new Set(".eE+");
const CONSTANTS = new Set("truefalsenull");
const HEX = new Set("0123456789abcdefABCDEF");
const PUNCTUATION = new Set("{}[],");
const WHITESPACE = new Set(" \n\r\t");

const T = {
  string: "Token.Literal.String.Double", key: "Token.Name.Tag", whitespace: "Token.Text.Whitespace", constant: "Token.Keyword.Constant",
  integer: "Token.Literal.Number.Integer", float: "Token.Literal.Number.Float", punctuation: "Token.Punctuation", error: "Token.Error",
  commentSingle: "Token.Comment.Single", commentMultiline: "Token.Comment.Multiline",
};

type Mode = "none" | "string" | "whitespace" | "constant" | "number" | "punctuation" | "commentSingle" | "commentMultiline" | "slash";

export function* lexJson(text: string): Generator<Token> {
  const chars = Array.from(text);
  let mode: Mode = "none";
  let inEscape = false;
  let unicodeEscape = 0;
  let inFloat = false;
  let expectCommentCloser = false;
  let start = 0;
  // Strings and whitespace wait here until we know whether a ":" makes the string an object key.
  let queue: Token[] = [];
  const slice = (from: number, to?: number) => chars.slice(from, to).join("");
  const flush = function* (): Generator<Token> {
    yield* queue;
    queue = [];
  };

  for (let stop = 0; stop < chars.length; stop++) {
    const char = chars[stop] as string;
    if (mode === "string") {
      if (unicodeEscape) {
        if (HEX.has(char)) {
          unicodeEscape--;
          if (!unicodeEscape) inEscape = false;
        } else {
          unicodeEscape = 0;
          inEscape = false;
        }
      } else if (inEscape) {
        if (char === "u") unicodeEscape = 4;
        else inEscape = false;
      } else if (char === "\\") inEscape = true;
      else if (char === '"') {
        queue.push([T.string, slice(start, stop + 1)]);
        mode = "none";
        inEscape = false;
        unicodeEscape = 0;
      }
      continue;
    }
    if (mode === "whitespace") {
      if (WHITESPACE.has(char)) continue;
      if (queue.length) queue.push([T.whitespace, slice(start, stop)]);
      else yield [T.whitespace, slice(start, stop)];
    } else if (mode === "constant") {
      if (CONSTANTS.has(char)) continue;
      yield [T.constant, slice(start, stop)];
    } else if (mode === "number") {
      if (INTEGERS.has(char)) continue;
      if (FLOATS.has(char)) {
        inFloat = true;
        continue;
      }
      yield [inFloat ? T.float : T.integer, slice(start, stop)];
      inFloat = false;
    } else if (mode === "punctuation") {
      if (PUNCTUATION.has(char)) continue;
      yield [T.punctuation, slice(start, stop)];
    } else if (mode === "commentSingle") {
      if (char !== "\n") continue;
      if (queue.length) queue.push([T.commentSingle, slice(start, stop)]);
      else yield [T.commentSingle, slice(start, stop)];
    } else if (mode === "commentMultiline") {
      if (char === "*") expectCommentCloser = true;
      else if (expectCommentCloser) {
        expectCommentCloser = false;
        if (char === "/") {
          if (queue.length) queue.push([T.commentMultiline, slice(start, stop + 1)]);
          else yield [T.commentMultiline, slice(start, stop + 1)];
          mode = "none";
        }
      }
      continue;
    } else if (mode === "slash") {
      if (char === "/" || char === "*") {
        mode = char === "/" ? "commentSingle" : "commentMultiline";
        continue;
      }
      yield* flush();
      yield [T.error, slice(start, stop)];
    }
    mode = "none";
    start = stop;
    if (char === '"') mode = "string";
    else if (WHITESPACE.has(char)) mode = "whitespace";
    else if (char === "f" || char === "n" || char === "t") {
      yield* flush();
      mode = "constant";
    } else if (INTEGERS.has(char)) {
      yield* flush();
      mode = "number";
    } else if (char === ":") {
      for (const [type, value] of queue) yield [type === T.string ? T.key : type, value];
      queue = [];
      mode = "punctuation";
    } else if (PUNCTUATION.has(char)) {
      yield* flush();
      mode = "punctuation";
    } else if (char === "/") mode = "slash";
    else {
      yield* flush();
      yield [T.error, char];
    }
  }
  yield* flush();
  const rest = slice(start);
  const finalType: Partial<Record<Mode, string>> = {
    string: T.error, number: inFloat ? T.float : T.integer, constant: T.constant, whitespace: T.whitespace,
    punctuation: T.punctuation, commentSingle: T.commentSingle, commentMultiline: T.error, slash: T.error,
  };
  const type = finalType[mode];
  if (type) yield [type, rest];
}
