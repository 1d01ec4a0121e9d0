// Port of Pygments 2.14's YamlLexer (an ExtendedRegexLexer with indentation callbacks). Python regexes are
// translated: re.MULTILINE `^`/`$` become look-arounds on "\n", `\s` becomes Python's whitespace set and `\w`
// Unicode word characters.
import { PY_SPACE } from "../../python/text.js";
import type { Token } from "./terminal-formatter.js";

interface Context {
  text: string;
  pos: number;
  stack: string[];
  indentStack: number[];
  indent: number;
  nextIndent: number;
  blockScalarIndent: number | null;
}

/** A regex match, or one group of it when a callback runs inside bygroups (Pygments' _PseudoMatch). */
interface Match {
  text: string;
  start: number;
  group1?: string | undefined;
}

type Callback = (match: Match, ctx: Context) => Token[];
type Action = string | Callback | (string | Callback)[];
/** A state name or names to push ("#pop" pops one), or a negative number of states to pop. */
type Transition = string | string[] | number;

interface Rule {
  regex: RegExp;
  action: Action;
  transition?: Transition;
}

const T = {
  whitespace: "Token.Text.Whitespace", comment: "Token.Comment.Single", tag: "Token.Name.Tag", namespace: "Token.Name.Namespace",
  number: "Token.Literal.Number", keywordType: "Token.Keyword.Type", indicator: "Token.Punctuation.Indicator", punctuation: "Token.Punctuation",
  label: "Token.Name.Label", variable: "Token.Name.Variable", string: "Token.Literal.String", escape: "Token.Literal.String.Escape",
  constant: "Token.Name.Constant", plain: "Token.Literal.Scalar.Plain", text: "Token.Text", error: "Token.Error",
};

const WORD = "\\p{L}\\p{N}_";

/** Translates a Python re.MULTILINE pattern: ^ $ \s \S \w outside classes, \s \w inside them. */
function py(pattern: string): RegExp {
  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === "\\") {
      const sequence = pattern.slice(i, i + 2);
      i++;
      if (sequence === "\\s") out += inClass ? PY_SPACE : `[${PY_SPACE}]`;
      else if (sequence === "\\S" && !inClass) out += `[^${PY_SPACE}]`;
      else if (sequence === "\\w") out += inClass ? WORD : `[${WORD}]`;
      else out += sequence;
    } else if (inClass) {
      out += char;
      // A "]" right after "[" or "[^" is literal in Python.
      if (char === "]" && !/\[\^?$/.test(out.slice(0, -1))) inClass = false;
    } else if (char === "[") {
      inClass = true;
      out += char;
    } else if (char === "^") out += "(?<=\\n|^)";
    else if (char === "$") out += "(?=\\n|$)";
    else out += char;
  }
  return new RegExp(out, "yud");
}

function something(type: string): Callback {
  return (match, ctx) => {
    if (!match.text) return [];
    ctx.pos = match.start + match.text.length;
    return [[type, match.text]];
  };
}

function resetIndent(type: string): Callback {
  return (match, ctx) => {
    Object.assign(ctx, { indentStack: [], indent: -1, nextIndent: 0, blockScalarIndent: null });
    ctx.pos = match.start + match.text.length;
    return [[type, match.text]];
  };
}

function saveIndent(type: string, start = false): Callback {
  return (match, ctx) => {
    let text = match.text;
    let extra = "";
    if (start) {
      ctx.nextIndent = text.length;
      if (ctx.nextIndent < ctx.indent) {
        while (ctx.nextIndent < ctx.indent) ctx.indent = ctx.indentStack.pop() as number;
        if (ctx.nextIndent > ctx.indent) {
          extra = text.slice(ctx.indent);
          text = text.slice(0, ctx.indent);
        }
      }
    } else ctx.nextIndent += text.length;
    const tokens: Token[] = [];
    if (text) tokens.push([type, text]);
    if (extra) tokens.push([type + ".Error", extra]);
    ctx.pos = match.start + match.text.length;
    return tokens;
  };
}

function setIndent(type: string, implicit = false): Callback {
  return (match, ctx) => {
    if (ctx.indent < ctx.nextIndent) {
      ctx.indentStack.push(ctx.indent);
      ctx.indent = ctx.nextIndent;
    }
    if (!implicit) ctx.nextIndent += match.text.length;
    ctx.pos = match.start + match.text.length;
    return [[type, match.text]];
  };
}

function setBlockScalarIndent(type: string): Callback {
  return (match, ctx) => {
    ctx.blockScalarIndent = null;
    if (!match.text) return [];
    if (match.group1) ctx.blockScalarIndent = Math.max(ctx.indent, 0) + Number(match.group1);
    ctx.pos = match.start + match.text.length;
    return [[type, match.text]];
  };
}

function parseBlockScalarEmptyLine(indentType: string, contentType: string): Callback {
  return (match, ctx) => {
    const text = match.text;
    const limit = ctx.blockScalarIndent;
    ctx.pos = match.start + text.length;
    if (limit === null || text.length <= limit) return text ? [[indentType, text]] : [];
    return [[indentType, text.slice(0, limit)], [contentType, text.slice(limit)]];
  };
}

/** Leaves the block scalar (pops two states) when the line is not indented enough. */
function parseBlockScalarIndent(type: string): Callback {
  return (match, ctx) => {
    const text = match.text;
    const ends = ctx.blockScalarIndent === null ? text.length <= Math.max(ctx.indent, 0) : text.length < ctx.blockScalarIndent;
    if (ends) {
      ctx.stack.splice(-2, 2);
      return [];
    }
    if (ctx.blockScalarIndent === null) ctx.blockScalarIndent = text.length;
    if (!text) return [];
    ctx.pos = match.start + text.length;
    return [[type, text]];
  };
}

function parsePlainScalarIndent(type: string): Callback {
  return (match, ctx) => {
    const text = match.text;
    if (text.length <= ctx.indent) {
      ctx.stack.splice(-2, 2);
      return [];
    }
    if (!text) return [];
    ctx.pos = match.start + text.length;
    return [[type, text]];
  };
}

const rule = (pattern: string, action: Action, transition?: Transition): Rule => ({ regex: py(pattern), action, ...(transition === undefined ? {} : { transition }) });

const DESCRIPTORS = [
  rule("!<[\\w#;/?:@&=+$,.!~*'()\\[\\]%-]+>", T.keywordType),
  rule("!(?:[\\w-]+!)?[\\w#;/?:@&=+$,.!~*'()\\[\\]%-]*", T.keywordType),
  rule("&[\\w-]+", T.label),
  rule("\\*[\\w-]+", T.variable),
];
const FLOW_NODES = [
  rule("\\[", T.indicator, "flow-sequence"),
  rule("\\{", T.indicator, "flow-mapping"),
  rule("'", T.string, "single-quoted-scalar"),
  rule('"', T.string, "double-quoted-scalar"),
];
const FLOW_COLLECTION = [
  rule("[ ]+", T.whitespace),
  rule("\\n+", T.whitespace),
  rule("#[^\\n]*", T.comment),
  rule("[?:,]", T.indicator),
  ...DESCRIPTORS,
  ...FLOW_NODES,
  rule("(?=[^\\s?:,\\[\\]{}#&*!|>'\"%@`])", something(T.variable), "plain-scalar-in-flow-context"),
];
const QUOTED_SCALAR_WHITESPACES = [
  rule("^[ ]+", T.whitespace),
  rule("[ ]+$", T.whitespace),
  rule("\\n+", T.whitespace),
  rule("[ ]+", T.variable),
];

const STATES: Record<string, Rule[]> = {
  root: [
    rule("[ ]+(?=#|$)", T.whitespace),
    rule("\\n+", T.whitespace),
    rule("#[^\\n]*", T.comment),
    rule("^%YAML(?=[ ]|$)", resetIndent(T.tag), "yaml-directive"),
    rule("^%TAG(?=[ ]|$)", resetIndent(T.tag), "tag-directive"),
    rule("^(?:---|\\.\\.\\.)(?=[ ]|$)", resetIndent(T.namespace), "block-line"),
    rule("[ ]*(?!\\s|$)", saveIndent(T.whitespace, true), ["block-line", "indentation"]),
  ],
  "ignored-line": [rule("[ ]+(?=#|$)", T.whitespace), rule("#[^\\n]*", T.comment), rule("\\n", T.whitespace, -2)],
  "yaml-directive": [rule("([ ]+)([0-9]+\\.[0-9]+)", [T.whitespace, T.number], "ignored-line")],
  "tag-directive": [
    rule("([ ]+)(!|![\\w-]*!)([ ]+)(!|!?[\\w;/?:@&=+$,.!~*'()\\[\\]%-]+)", [T.whitespace, T.keywordType, T.whitespace, T.keywordType], "ignored-line"),
  ],
  indentation: [
    rule("[ ]*$", something(T.whitespace), -2),
    rule("[ ]+(?=[?:-](?:[ ]|$))", saveIndent(T.whitespace)),
    rule("[?:-](?=[ ]|$)", setIndent(T.indicator)),
    rule("[ ]*", saveIndent(T.whitespace), -1),
  ],
  "block-line": [
    rule("[ ]*(?=#|$)", something(T.whitespace), -1),
    rule("[ ]+", T.whitespace),
    rule("([^#,?\\[\\]{}\"'\\n]+)(:)(?=[ ]|$)", [T.tag, setIndent(T.punctuation, true)]),
    ...DESCRIPTORS,
    rule(":(?=[ ]|$)", setIndent(T.indicator, true)),
    rule("[|>]", T.indicator, ["block-scalar-content", "block-scalar-header"]),
    ...FLOW_NODES,
    rule(`(?=[^\\s?:,\\[\\]{}#&*!|>'"%@\`-]|[?:-]\\S)`, something(T.variable), "plain-scalar-in-block-context"),
  ],
  "flow-sequence": [...FLOW_COLLECTION, rule("\\]", T.indicator, -1)],
  "flow-mapping": [rule("([^,:?\\[\\]{}\"'\\n]+)(:)(?=[ ]|$)", [T.tag, T.punctuation]), ...FLOW_COLLECTION, rule("\\}", T.indicator, -1)],
  "block-scalar-content": [
    rule("\\n", T.whitespace),
    rule("^[ ]+$", parseBlockScalarEmptyLine(T.whitespace, T.constant)),
    rule("^[ ]*", parseBlockScalarIndent(T.whitespace)),
    rule(`[^\\n\\v\\f\\r\\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+`, T.constant),
  ],
  "block-scalar-header": [
    rule("([1-9])?[+-]?(?=[ ]|$)", setBlockScalarIndent(T.indicator), "ignored-line"),
    rule("[+-]?([1-9])?(?=[ ]|$)", setBlockScalarIndent(T.indicator), "ignored-line"),
  ],
  "single-quoted-scalar": [...QUOTED_SCALAR_WHITESPACES, rule("''", T.escape), rule("[^\\s']+", T.string), rule("'", T.string, -1)],
  "double-quoted-scalar": [
    ...QUOTED_SCALAR_WHITESPACES,
    rule('\\\\[0abt\\tn\\nvfre "\\\\N_LP]', T.string),
    rule("\\\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})", T.escape),
    rule('[^\\s"\\\\]+', T.string),
    rule('"', T.string, -1),
  ],
  "plain-scalar-in-block-context-new-line": [
    rule("^[ ]+$", T.whitespace),
    rule("\\n+", T.whitespace),
    rule("^(?=---|\\.\\.\\.)", something(T.namespace), -3),
    rule("^[ ]*", parsePlainScalarIndent(T.whitespace), -1),
  ],
  "plain-scalar-in-block-context": [
    rule("[ ]*(?=:[ ]|:$)", something(T.whitespace), -1),
    rule("[ ]+(?=#)", T.whitespace, -1),
    rule("[ ]+$", T.whitespace),
    rule("\\n+", T.whitespace, "plain-scalar-in-block-context-new-line"),
    rule("[ ]+", T.plain),
    rule("(?::(?!\\s)|[^\\s:])+", T.plain),
  ],
  "plain-scalar-in-flow-context": [
    rule("[ ]*(?=[,:?\\[\\]{}])", something(T.whitespace), -1),
    rule("[ ]+(?=#)", T.whitespace, -1),
    rule("^[ ]+", T.whitespace),
    rule("[ ]+$", T.whitespace),
    rule("\\n+", T.whitespace),
    rule("[ ]+", T.variable),
    rule("[^\\s,:?\\[\\]{}]+", T.variable),
  ],
};

/** bygroups: each group gets its own token type or callback. */
function runGroups(actions: (string | Callback)[], match: RegExpExecArray, ctx: Context): Token[] {
  const tokens: Token[] = [];
  actions.forEach((action, i) => {
    const data = match[i + 1];
    const start = match.indices?.[i + 1]?.[0] ?? match.index;
    if (typeof action === "string") {
      if (data) tokens.push([action, data]);
    } else if (data !== undefined) {
      ctx.pos = start;
      tokens.push(...action({ text: data, start }, ctx));
    }
  });
  ctx.pos = match.index + match[0].length;
  return tokens;
}

function applyTransition(ctx: Context, transition: Transition): void {
  if (typeof transition === "number") {
    if (-transition >= ctx.stack.length) ctx.stack.splice(1);
    else ctx.stack.splice(transition);
    return;
  }
  for (const state of typeof transition === "string" ? [transition] : transition) {
    if (state !== "#pop") ctx.stack.push(state);
    else if (ctx.stack.length > 1) ctx.stack.pop();
  }
}

/** ExtendedRegexLexer.get_tokens_unprocessed with a YamlLexerContext. */
export function* lexYaml(text: string): Generator<Token> {
  const ctx: Context = { text, pos: 0, stack: ["root"], indentStack: [], indent: -1, nextIndent: 0, blockScalarIndent: null };
  while (ctx.pos < text.length) {
    const matched = step(ctx);
    if (matched) {
      yield* matched;
      continue;
    }
    // No rule matched: a line end resets to the root state, anything else is one Error character.
    if (text[ctx.pos] === "\n") {
      ctx.stack = ["root"];
      ctx.pos++;
      yield [T.text, "\n"];
      continue;
    }
    const char = String.fromCodePoint(text.codePointAt(ctx.pos) ?? 0);
    ctx.pos += char.length;
    yield [T.error, char];
  }
}

function step(ctx: Context): Token[] | undefined {
  const rules = STATES[ctx.stack[ctx.stack.length - 1] ?? "root"] ?? [];
  for (const { regex, action, transition } of rules) {
    regex.lastIndex = ctx.pos;
    const match = regex.exec(ctx.text);
    if (!match) continue;
    let tokens: Token[];
    if (typeof action === "string") {
      tokens = [[action, match[0]]];
      ctx.pos = match.index + match[0].length;
    } else if (Array.isArray(action)) tokens = runGroups(action, match, ctx);
    else tokens = action({ text: match[0], start: match.index, group1: match[1] }, ctx);
    if (transition !== undefined) applyTransition(ctx, transition);
    return tokens;
  }
  return undefined;
}
