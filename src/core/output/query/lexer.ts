// Port of jmespath/lexer.py (Python jmespath 1.0.1), character for character, including its quirks:
// backtick literals that are not JSON become strings, raw strings keep `\\`.
import { pyLstrip } from "../../python/text.js";
import { JmesPathSyntaxError } from "./errors.js";
import { parsePyJson } from "../../python/json-loads.js";

export interface Token {
  type: string;
  value: unknown;
  start: number;
}

const SIMPLE_TOKENS: Record<string, string> = {
  ".": "dot", "*": "star", "]": "rbracket", ",": "comma", ":": "colon", "@": "current",
  "(": "lparen", ")": "rparen", "{": "lbrace", "}": "rbrace",
};
const START_IDENTIFIER = /^[A-Za-z_]$/;
const VALID_IDENTIFIER = /^[A-Za-z0-9_]$/;
const DIGIT = /^[0-9]$/;
const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
/** Two-character operators: first char -> [second char, type if matched, type otherwise]. */
const PAIRS: Record<string, [string, string, string]> = {
  "|": ["|", "or", "pipe"], "&": ["&", "and", "expref"], "<": ["=", "lte", "lt"], ">": ["=", "gte", "gt"], "!": ["=", "ne", "not"],
};

export function tokenize(expression: string): Token[] {
  if (expression === "") throw new JmesPathSyntaxError("Invalid JMESPath expression: cannot be empty.");
  return new Lexer(Array.from(expression)).run();
}

class Lexer {
  private position = 0;
  private readonly tokens: Token[] = [];

  constructor(private readonly chars: string[]) {}

  private get current(): string | undefined {
    return this.chars[this.position];
  }

  private next(): string | undefined {
    this.position = Math.min(this.position + 1, this.chars.length);
    return this.current;
  }

  private emit(type: string, value: unknown, start: number): void {
    this.tokens.push({ type, value, start });
  }

  run(): Token[] {
    for (let char = this.current; char !== undefined; char = this.current) this.lexOne(char);
    this.emit("eof", "", this.chars.length);
    return this.tokens;
  }

  private lexOne(char: string): void {
    const start = this.position;
    const simple = SIMPLE_TOKENS[char];
    const pair = PAIRS[char];
    if (simple) {
      this.emit(simple, char, start);
      this.next();
    } else if (START_IDENTIFIER.test(char)) {
      let name = char;
      while (VALID_IDENTIFIER.test(this.next() ?? "")) name += this.current;
      this.emit("unquoted_identifier", name, start);
    } else if (WHITESPACE.has(char)) {
      this.next();
    } else if (char === "[") {
      const following = this.next();
      if (following === "]" || following === "?") {
        this.next();
        this.emit(following === "]" ? "flatten" : "filter", "[" + following, start);
      } else this.emit("lbracket", "[", start);
    } else if (char === "'") {
      this.emit("literal", this.consumeUntil("'").replaceAll("\\'", "'"), start);
    } else if (pair) {
      const [second, matched, otherwise] = pair;
      if (this.next() === second) {
        this.next();
        this.emit(matched, char + second, start);
      } else this.emit(otherwise, char, start);
    } else if (char === "`") {
      this.emit("literal", this.consumeLiteral(), start);
    } else if (DIGIT.test(char) || char === "-") {
      this.lexNumber(char, start);
    } else if (char === '"') {
      this.emit("quoted_identifier", this.consumeQuotedIdentifier(), start);
    } else if (char === "=") {
      if (this.next() !== "=") throw new JmesPathSyntaxError("Unknown token '='");
      this.next();
      this.emit("eq", "==", start);
    } else {
      throw new JmesPathSyntaxError(`Unknown token ${char}`);
    }
  }

  private lexNumber(first: string, start: number): void {
    let digits = first;
    while (DIGIT.test(this.next() ?? "")) digits += this.current;
    if (digits === "-") throw new JmesPathSyntaxError("Unknown token '-'");
    this.emit("number", Number(digits), start);
  }

  /** Reads up to an unescaped delimiter; a backslash is kept together with the character after it. */
  private consumeUntil(delimiter: string): string {
    let text = "";
    this.next();
    while (this.current !== delimiter) {
      if (this.current === "\\") {
        text += "\\";
        this.next();
      }
      if (this.current === undefined) throw new JmesPathSyntaxError(`Unclosed ${delimiter} delimiter`);
      text += this.current;
      this.next();
    }
    this.next();
    return text;
  }

  /** JSON between backticks; anything else is taken as a string (JEP-12 deprecation period). */
  private consumeLiteral(): unknown {
    const lexeme = this.consumeUntil("`").replaceAll("\\`", "`");
    try {
      return parsePyJson(lexeme);
    } catch {
      try {
        return parsePyJson(`"${pyLstrip(lexeme)}"`);
      } catch {
        throw new JmesPathSyntaxError(`Bad token ${lexeme}`);
      }
    }
  }

  private consumeQuotedIdentifier(): unknown {
    const lexeme = `"${this.consumeUntil('"')}"`;
    try {
      return parsePyJson(lexeme);
    } catch (error) {
      throw new JmesPathSyntaxError(String((error as Error).message).split(":")[0] ?? "");
    }
  }
}
