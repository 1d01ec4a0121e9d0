// Port of jmespath/parser.py: a Pratt parser producing the same AST shapes as Python, so evaluation and error
// behaviour follow it exactly (e.g. function arguments need no commas: `length(@ @)` parses in Python).
import { JmesPathSyntaxError } from "./errors.js";
import { tokenize, type Token } from "./lexer.js";

export interface Node {
  type: string;
  children: Node[];
  value?: unknown;
}

const BINDING_POWER: Record<string, number> = {
  eof: 0, unquoted_identifier: 0, quoted_identifier: 0, literal: 0, rbracket: 0, rparen: 0, comma: 0, rbrace: 0,
  number: 0, current: 0, expref: 0, colon: 0, pipe: 1, or: 2, and: 3, eq: 5, gt: 5, lt: 5, gte: 5, lte: 5, ne: 5,
  flatten: 9, star: 20, filter: 21, dot: 40, not: 45, lbrace: 50, lbracket: 55, lparen: 60,
};
/** Tokens binding weaker than this end a projection. */
const PROJECTION_STOP = 10;
const COMPARATORS = new Set(["eq", "ne", "gt", "gte", "lt", "lte"]);

const node = (type: string, children: Node[] = [], value?: unknown): Node => (value === undefined ? { type, children } : { type, children, value });
const identity = (): Node => node("identity");

export function parse(expression: string): Node {
  return new Parser(tokenize(expression)).parseAll();
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  parseAll(): Node {
    const parsed = this.expression(0);
    if (this.currentType() !== "eof") this.fail(`Unexpected token: ${String(this.lookahead(0).value)}`);
    return parsed;
  }

  private lookahead(offset: number): Token {
    const index = this.index + offset;
    return this.tokens[index < 0 ? this.tokens.length + index : index] ?? this.eofToken();
  }

  private eofToken(): Token {
    return this.tokens[this.tokens.length - 1] as Token;
  }

  private currentType(): string {
    return this.lookahead(0).type;
  }

  private advance(): void {
    this.index++;
  }

  private fail(reason: string): never {
    throw new JmesPathSyntaxError(`Invalid jmespath expression: ${reason}`);
  }

  private match(type: string): void {
    if (this.currentType() !== type) this.failExpecting(type);
    this.advance();
  }

  private failExpecting(expected: string): never {
    const actual = this.currentType();
    if (actual === "eof") this.fail("Incomplete expression");
    this.fail(`Expecting: ${expected}, got: ${actual}`);
  }

  private expression(bindingPower: number): Node {
    const token = this.lookahead(0);
    this.advance();
    let left = this.nud(token);
    while (bindingPower < (BINDING_POWER[this.currentType()] ?? 0)) {
      const type = this.currentType();
      this.advance();
      left = this.led(type, left);
    }
    return left;
  }

  private nud(token: Token): Node {
    switch (token.type) {
      case "literal":
        return node("literal", [], token.value);
      case "unquoted_identifier":
        return node("field", [], token.value);
      case "quoted_identifier":
        if (this.currentType() === "lparen") this.fail("Quoted identifier not allowed for function names.");
        return node("field", [], token.value);
      case "star":
        return node("value_projection", [identity(), this.currentType() === "rbracket" ? identity() : this.projectionRhs(BINDING_POWER.star ?? 0)]);
      case "filter":
        return this.filter(identity());
      case "lbrace":
        return this.multiSelectHash();
      case "lparen": {
        const inner = this.expression(0);
        this.match("rparen");
        return inner;
      }
      case "flatten":
        return node("projection", [node("flatten", [identity()]), this.projectionRhs(BINDING_POWER.flatten ?? 0)]);
      case "not":
        return node("not_expression", [this.expression(BINDING_POWER.not ?? 0)]);
      case "lbracket":
        return this.nudBracket();
      case "current":
        return node("current");
      case "expref":
        return node("expref", [this.expression(BINDING_POWER.expref ?? 0)]);
      case "eof":
        return this.fail("Incomplete expression");
      default:
        return this.fail("invalid token");
    }
  }

  private nudBracket(): Node {
    const type = this.currentType();
    if (type === "number" || type === "colon") return this.projectIfSlice(identity(), this.indexExpression());
    if (type === "star" && this.lookahead(1).type === "rbracket") {
      this.advance();
      this.advance();
      return node("projection", [identity(), this.projectionRhs(BINDING_POWER.star ?? 0)]);
    }
    return this.multiSelectList();
  }

  private led(type: string, left: Node): Node {
    if (COMPARATORS.has(type)) return node("comparator", [left, this.expression(BINDING_POWER[type] ?? 0)], type);
    switch (type) {
      case "dot":
        return this.dot(left);
      case "pipe":
        return node("pipe", [left, this.expression(BINDING_POWER.pipe ?? 0)]);
      case "or":
        return node("or_expression", [left, this.expression(BINDING_POWER.or ?? 0)]);
      case "and":
        return node("and_expression", [left, this.expression(BINDING_POWER.and ?? 0)]);
      case "lparen":
        return this.functionCall(left);
      case "filter":
        return this.filter(left);
      case "flatten":
        return node("projection", [node("flatten", [left]), this.projectionRhs(BINDING_POWER.flatten ?? 0)]);
      case "lbracket":
        return this.ledBracket(left);
      default:
        return this.fail("invalid token");
    }
  }

  private dot(left: Node): Node {
    if (this.currentType() === "star") {
      this.advance();
      return node("value_projection", [left, this.projectionRhs(BINDING_POWER.dot ?? 0)]);
    }
    const right = this.dotRhs(BINDING_POWER.dot ?? 0);
    if (left.type === "subexpression") {
      left.children.push(right);
      return left;
    }
    return node("subexpression", [left, right]);
  }

  private functionCall(left: Node): Node {
    if (left.type !== "field") this.fail(`Invalid function name '${String(this.lookahead(-2).value)}'`);
    const args: Node[] = [];
    while (this.currentType() !== "rparen") {
      const argument = this.expression(0);
      if (this.currentType() === "comma") this.match("comma");
      args.push(argument);
    }
    this.match("rparen");
    return node("function_expression", args, left.value);
  }

  private filter(left: Node): Node {
    const condition = this.expression(0);
    this.match("rbracket");
    const right = this.currentType() === "flatten" ? identity() : this.projectionRhs(BINDING_POWER.filter ?? 0);
    return node("filter_projection", [left, right, condition]);
  }

  private ledBracket(left: Node): Node {
    const type = this.currentType();
    if (type === "number" || type === "colon") {
      const right = this.indexExpression();
      if (left.type === "index_expression") {
        left.children.push(right);
        return left;
      }
      return this.projectIfSlice(left, right);
    }
    this.match("star");
    this.match("rbracket");
    return node("projection", [left, this.projectionRhs(BINDING_POWER.star ?? 0)]);
  }

  private indexExpression(): Node {
    if (this.lookahead(0).type === "colon" || this.lookahead(1).type === "colon") return this.sliceExpression();
    const index = node("index", [], this.lookahead(0).value);
    this.advance();
    this.match("rbracket");
    return index;
  }

  private sliceExpression(): Node {
    const parts: (number | null)[] = [null, null, null];
    let part = 0;
    for (let type = this.currentType(); type !== "rbracket" && part < 3; type = this.currentType()) {
      if (type === "colon") {
        part++;
        if (part === 3) this.fail("syntax error");
        this.advance();
      } else if (type === "number") {
        parts[part] = this.lookahead(0).value as number;
        this.advance();
      } else this.fail("syntax error");
    }
    this.match("rbracket");
    return node("slice", [], parts);
  }

  private projectIfSlice(left: Node, right: Node): Node {
    const indexExpression = node("index_expression", [left, right]);
    if (right.type !== "slice") return indexExpression;
    return node("projection", [indexExpression, this.projectionRhs(BINDING_POWER.star ?? 0)]);
  }

  private multiSelectList(): Node {
    const expressions: Node[] = [];
    for (;;) {
      expressions.push(this.expression(0));
      if (this.currentType() === "rbracket") break;
      this.match("comma");
    }
    this.match("rbracket");
    return node("multi_select_list", expressions);
  }

  private multiSelectHash(): Node {
    const pairs: Node[] = [];
    for (;;) {
      const keyToken = this.lookahead(0);
      if (keyToken.type !== "quoted_identifier" && keyToken.type !== "unquoted_identifier") this.failExpecting("identifier");
      this.advance();
      this.match("colon");
      pairs.push(node("key_val_pair", [this.expression(0)], keyToken.value));
      if (this.currentType() === "comma") this.match("comma");
      else if (this.currentType() === "rbrace") {
        this.match("rbrace");
        break;
      }
    }
    return node("multi_select_dict", pairs);
  }

  private projectionRhs(bindingPower: number): Node {
    const type = this.currentType();
    if ((BINDING_POWER[type] ?? 0) < PROJECTION_STOP) return identity();
    if (type === "lbracket" || type === "filter") return this.expression(bindingPower);
    if (type === "dot") {
      this.match("dot");
      return this.dotRhs(bindingPower);
    }
    return this.fail("syntax error");
  }

  private dotRhs(bindingPower: number): Node {
    const type = this.currentType();
    if (type === "quoted_identifier" || type === "unquoted_identifier" || type === "star") return this.expression(bindingPower);
    if (type === "lbracket") {
      this.match("lbracket");
      return this.multiSelectList();
    }
    if (type === "lbrace") {
      this.match("lbrace");
      return this.multiSelectHash();
    }
    return this.fail(`Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: ${type}`);
  }
}
