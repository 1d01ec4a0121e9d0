// Pygments' highlight(text, lexer, TerminalFormatter()): the lexer's text preparation, then each token wrapped in
// the ANSI colour of its type, closed at every line end.
import { pySplitLinesKeepEnds } from "../../python/text.js";

export type Token = readonly [type: string, text: string];

const ESC = "\x1b[";
const CODES: Record<string, string> = {
  "": "", reset: ESC + "39;49;00m", bold: ESC + "01m", underline: ESC + "04m", blink: ESC + "05m",
  black: ESC + "30m", red: ESC + "31m", green: ESC + "32m", yellow: ESC + "33m", blue: ESC + "34m", magenta: ESC + "35m", cyan: ESC + "36m", gray: ESC + "37m",
  brightblack: ESC + "90m", brightred: ESC + "91m", brightgreen: ESC + "92m", brightyellow: ESC + "93m", brightblue: ESC + "94m",
  brightmagenta: ESC + "95m", brightcyan: ESC + "96m", white: ESC + "01m",
};

/** TERMINAL_COLORS for a light background (the default); token types not listed inherit their parent's. */
const TERMINAL_COLORS: Record<string, string> = {
  Token: "", "Token.Text.Whitespace": "gray", "Token.Comment": "gray", "Token.Comment.Preproc": "cyan",
  "Token.Keyword": "blue", "Token.Keyword.Type": "cyan", "Token.Operator.Word": "magenta", "Token.Name.Builtin": "cyan",
  "Token.Name.Function": "green", "Token.Name.Namespace": "_cyan_", "Token.Name.Class": "_green_", "Token.Name.Exception": "cyan",
  "Token.Name.Decorator": "brightblack", "Token.Name.Variable": "red", "Token.Name.Constant": "red", "Token.Name.Attribute": "cyan",
  "Token.Name.Tag": "brightblue", "Token.Literal.String": "yellow", "Token.Literal.Number": "blue",
  "Token.Generic.Deleted": "brightred", "Token.Generic.Inserted": "green", "Token.Generic.Heading": "**",
  "Token.Generic.Subheading": "*magenta*", "Token.Generic.Prompt": "**", "Token.Generic.Error": "brightred", "Token.Error": "_brightred_",
};

function colourOf(type: string): string {
  for (let current = type; ; current = current.slice(0, current.lastIndexOf("."))) {
    const colour = TERMINAL_COLORS[current];
    if (colour !== undefined) return colour;
  }
}

/** pygments.console.ansiformat. */
function ansiformat(attribute: string, text: string): string {
  let prefix = "";
  let colour = attribute;
  for (const [mark, code] of [["+", "blink"], ["*", "bold"], ["_", "underline"]] as const) {
    if (colour.length > 1 && colour.startsWith(mark) && colour.endsWith(mark)) {
      prefix += CODES[code];
      colour = colour.slice(1, -1);
    }
  }
  return prefix + (CODES[colour] ?? "") + text + CODES.reset;
}

/** Lexer.get_tokens' preparation: no BOM, \n line ends, no leading/trailing blank lines, one final \n. */
export function prepareForLexer(text: string): string {
  const normalised = text.replace(/^\ufeff/, "").replaceAll("\r\n", "\n").replaceAll("\r", "\n").replace(/^\n+|\n+$/g, "");
  return normalised + "\n";
}

export function formatTokens(tokens: Iterable<Token>): string {
  let out = "";
  for (const [type, value] of tokens) {
    const colour = colourOf(type);
    for (const line of pySplitLinesKeepEnds(value)) {
      const content = line.replace(/\n+$/, "");
      out += colour ? ansiformat(colour, content) : content;
      if (line.endsWith("\n")) out += "\n";
    }
  }
  return out;
}
