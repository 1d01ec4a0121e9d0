// PyYAML's Emitter output primitives and scalar writers (write_indicator, write_indent, write_plain,
// write_single_quoted, write_double_quoted), with the same column bookkeeping so lines fold at the same places.
import { LINE_BREAKS } from "./yaml-scalar.js";

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

const ESCAPES: Record<string, string> = {
  "\0": "0", "\x07": "a", "\x08": "b", "\t": "t", "\n": "n", "\x0b": "v", "\x0c": "f", "\r": "r", "\x1b": "e",
  '"': '"', "\\": "\\", "\x85": "N", "\xa0": "_", "\u2028": "L", "\u2029": "P",
};

const isBreak = (char: string | undefined): boolean => char !== undefined && LINE_BREAKS.includes(char);

export class ScalarWriter {
  text = "";
  column = 0;
  whitespace = true;
  indention = true;
  openEnded = false;
  private indent: number | undefined;
  private readonly indents: (number | undefined)[] = [];

  increaseIndent(flow: boolean, indentless = false): void {
    this.indents.push(this.indent);
    if (this.indent === undefined) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  popIndent(): void {
    this.indent = this.indents.pop();
  }

  private write(data: string, width = Array.from(data).length): void {
    this.text += data;
    this.column += width;
  }

  writeIndicator(indicator: string, needWhitespace: boolean, whitespace = false, indention = false): void {
    const data = this.whitespace || !needWhitespace ? indicator : " " + indicator;
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
    this.openEnded = false;
    this.write(data);
  }

  writeIndent(): void {
    const indent = this.indent ?? 0;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.writeLineBreak();
    if (this.column < indent) {
      this.whitespace = true;
      this.write(" ".repeat(indent - this.column));
    }
  }

  writeLineBreak(data = "\n"): void {
    this.whitespace = true;
    this.indention = true;
    this.text += data;
    this.column = 0;
  }

  /** Line breaks inside a scalar: an extra one first for "\n", since a single break folds to a space. */
  private writeBreaks(breaks: string[]): void {
    if (breaks[0] === "\n") this.writeLineBreak();
    for (const br of breaks) this.writeLineBreak(br);
    this.writeIndent();
  }

  writePlain(chars: string[], split: boolean, root: boolean): void {
    if (root) this.openEnded = true;
    if (chars.length === 0) return;
    if (!this.whitespace) this.write(" ");
    this.whitespace = false;
    this.indention = false;
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const char = chars[end];
      if (spaces) {
        if (char !== " ") {
          if (start + 1 === end && this.column > BEST_WIDTH && split) {
            this.writeIndent();
            this.whitespace = false;
            this.indention = false;
          } else this.write(chars.slice(start, end).join(""));
          start = end;
        }
      } else if (breaks) {
        if (!isBreak(char)) {
          this.writeBreaks(chars.slice(start, end));
          this.whitespace = false;
          this.indention = false;
          start = end;
        }
      } else if (char === undefined || char === " " || isBreak(char)) {
        this.write(chars.slice(start, end).join(""));
        start = end;
      }
      if (char !== undefined) {
        spaces = char === " ";
        breaks = isBreak(char);
      }
    }
  }

  writeSingleQuoted(chars: string[], split: boolean): void {
    this.writeIndicator("'", true);
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const char = chars[end];
      if (spaces) {
        if (char !== " ") {
          if (start + 1 === end && this.column > BEST_WIDTH && split && start !== 0 && end !== chars.length) this.writeIndent();
          else this.write(chars.slice(start, end).join(""));
          start = end;
        }
      } else if (breaks) {
        if (!isBreak(char)) {
          this.writeBreaks(chars.slice(start, end));
          start = end;
        }
      } else if ((char === undefined || char === " " || isBreak(char) || char === "'") && start < end) {
        this.write(chars.slice(start, end).join(""));
        start = end;
      }
      if (char === "'") {
        this.write("''");
        start = end + 1;
      }
      if (char !== undefined) {
        spaces = char === " ";
        breaks = isBreak(char);
      }
    }
    this.writeIndicator("'", false);
  }

  writeDoubleQuoted(chars: string[], split: boolean): void {
    this.writeIndicator('"', true);
    let start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const char = chars[end];
      if (char === undefined || needsEscape(char)) {
        if (start < end) {
          this.write(chars.slice(start, end).join(""));
          start = end;
        }
        if (char !== undefined) {
          this.write("\\" + (ESCAPES[char] ?? hexEscape(char)));
          start = end + 1;
        }
      }
      // Fold at a space (or right after an escape) once past the width, with a trailing backslash.
      if (end > 0 && end < chars.length - 1 && (char === " " || start >= end) && this.column + (end - start) > BEST_WIDTH && split) {
        this.write(chars.slice(start, end).join("") + "\\");
        if (start < end) start = end;
        this.writeIndent();
        this.whitespace = false;
        this.indention = false;
        if (chars[start] === " ") this.write("\\");
      }
    }
    this.writeIndicator('"', false);
  }
}

function needsEscape(char: string): boolean {
  if ('"\\\x85\u2028\u2029\ufeff'.includes(char)) return true;
  const code = char.codePointAt(0) ?? 0;
  const printable = (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd);
  return !printable;
}

function hexEscape(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code <= 0xff) return "x" + code.toString(16).toUpperCase().padStart(2, "0");
  if (code <= 0xffff) return "u" + code.toString(16).toUpperCase().padStart(4, "0");
  return "U" + code.toString(16).toUpperCase().padStart(8, "0");
}
