// Python's json.loads for JMESPath backtick literals. Unlike JSON.parse it keeps 3.0 a float (PyFloat) and
// accepts NaN / Infinity / -Infinity, as Python does.
import { setOwn } from "./dict-keys.js";
import { toPyNumber, type PyObject } from "./values.js";

const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
const CONSTANTS: [string, unknown][] = [
  ["null", null], ["true", true], ["false", false], ["NaN", NaN], ["Infinity", Infinity], ["-Infinity", -Infinity],
];
const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

export function parsePyJson(text: string): unknown {
  return new PyJsonParser(text).document();
}

class PyJsonParser {
  private position = 0;

  constructor(private readonly text: string) {}

  document(): unknown {
    const value = this.value();
    this.skipSpace();
    if (this.position !== this.text.length) this.fail("Extra data");
    return value;
  }

  private fail(message: string): never {
    throw new SyntaxError(`${message}: char ${this.position}`);
  }

  private skipSpace(): void {
    while (" \t\n\r".includes(this.text[this.position] ?? "x")) this.position++;
  }

  private value(): unknown {
    this.skipSpace();
    const char = this.text[this.position];
    if (char === '"') return this.string();
    if (char === "{") return this.object();
    if (char === "[") return this.array();
    for (const [word, constant] of CONSTANTS) {
      if (this.text.startsWith(word, this.position)) {
        this.position += word.length;
        return constant;
      }
    }
    NUMBER.lastIndex = this.position;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail("Expecting value");
    this.position += match[0].length;
    return toPyNumber(Number(match[0]), match[1] !== undefined || match[2] !== undefined);
  }

  private object(): PyObject {
    const result: PyObject = {};
    this.position++;
    this.skipSpace();
    if (this.text[this.position] === "}") {
      this.position++;
      return result;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.position] !== '"') this.fail("Expecting property name enclosed in double quotes");
      const key = this.string();
      this.skipSpace();
      if (this.text[this.position++] !== ":") this.fail("Expecting ':' delimiter");
      setOwn(result, key, this.value());
      this.skipSpace();
      const separator = this.text[this.position++];
      if (separator === "}") return result;
      if (separator !== ",") this.fail("Expecting ',' delimiter");
    }
  }

  private array(): unknown[] {
    const result: unknown[] = [];
    this.position++;
    this.skipSpace();
    if (this.text[this.position] === "]") {
      this.position++;
      return result;
    }
    for (;;) {
      result.push(this.value());
      this.skipSpace();
      const separator = this.text[this.position++];
      if (separator === "]") return result;
      if (separator !== ",") this.fail("Expecting ',' delimiter");
    }
  }

  private string(): string {
    let result = "";
    this.position++;
    for (;;) {
      const char = this.text[this.position++];
      if (char === undefined) this.fail("Unterminated string starting at");
      if (char === '"') return result;
      if (char < " ") this.fail("Invalid control character at");
      if (char !== "\\") {
        result += char;
        continue;
      }
      const escaped = this.text[this.position++] ?? "";
      if (escaped === "u") {
        const hex = this.text.slice(this.position, this.position + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("Invalid \\uXXXX escape");
        result += String.fromCharCode(parseInt(hex, 16));
        this.position += 4;
      } else {
        const decoded = ESCAPES[escaped];
        if (decoded === undefined) this.fail("Invalid \\escape");
        result += decoded;
      }
    }
  }
}
