// az's command line, parsed the way az 2.45 parses it: a port of Python 3.11 argparse's _parse_known_args
// (option/positional interleaving, prefixes, "=" values, "--", error precedence) over the parser tree knack
// builds (root "az" and leaf commands carry the global options, groups only -h), with azure-cli's overrides
// for messages, "did you mean" lines and the recovery block. Pure: argv in, a result or a ParseFailure out.
// This is the part every command runs; help texts and error reports are rendered by argparse-report.ts, which
// only a request for help or a bad command line loads.
import { pyStrRepr } from "../core/python/repr.js";
import type { ArgvSecret } from "../core/redact.js";
import { GLOBAL_OPTIONS, HELP_OPTION } from "./global-options.js";
import type { CommandSpec, OptionSpec } from "./spec.js";

export interface ParsedGlobals {
  /** Lower-cased and checked; undefined when not given (the configured default applies). */
  output?: string;
  query?: string;
  onlyShowErrors: boolean;
  debug: boolean;
  verbose: boolean;
}

export interface ParsedCommand {
  kind: "command";
  spec: CommandSpec;
  options: Record<string, unknown>;
  globals: ParsedGlobals;
  /** Where argv holds the values of `secret` options, in whatever spelling argparse accepted them. */
  secrets: ArgvSecret[];
}

/** What argv asks for: a command to run, or a text to print (argparse-report.ts renders it). */
export type ParsedArgv = ParsedCommand | { kind: "help"; level: Level } | { kind: "version" } | { kind: "welcome" };

export interface ParseHooks {
  /** az compiles --query while parsing (knack's jmespath_type); false means a syntax error, rc 2. */
  isValidQuery?(expression: string): boolean;
}

const LOGGING_FLAGS = ["--debug", "--verbose", "--only-show-errors"];

/**
 * Parses argv (without "az") against `table` (command-table.ts's COMMANDS, or any part of it that holds the
 * command the words of argv name exactly: see token-commands.ts); throws a ParseFailure (argparse-report.ts
 * makes it az's UsageError).
 */
export function parseArgv(argv: string[], table: readonly CommandSpec[], hooks: ParseHooks = {}): ParsedArgv {
  const args = [...argv];
  // knack shows its version before building any parser
  if (args[0] === "--version" || args[0] === "-v") return { kind: "version" };
  const commands = trimCommandTable(args, table);
  if (args.every((a) => LOGGING_FLAGS.includes(a))) return { kind: "welcome" };
  if (args[0]!.toLowerCase() === "help") args[0] = "--help";

  const root = buildTree(commands);
  try {
    const { values, extras, secrets } = new LevelParser(root, hooks, 0).parse(args);
    if (extras.length > 0) throw new ParserError(root, `unrecognized arguments: ${extras.join(" ")}`, extras);
    const spec = values.get(LEAF) as CommandSpec;
    const options: Record<string, unknown> = {};
    for (const option of spec.options) {
      if (values.get(option.dest) !== undefined) options[option.dest] = values.get(option.dest);
    }
    const globals: ParsedGlobals = {
      output: values.get("output") as string | undefined,
      query: values.get("query") as string | undefined,
      // knack reads these three from the raw argv, not from the parse result
      onlyShowErrors: argv.includes("--only-show-errors"),
      debug: argv.includes("--debug"),
      verbose: argv.includes("--verbose"),
    };
    return { kind: "command", spec, options, globals, secrets };
  } catch (error) {
    if (error instanceof HelpRequested) return { kind: "help", level: error.level };
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The parser tree

export interface Level {
  /** Command words, e.g. ["account"]; prog is "az account". */
  path: readonly string[];
  /** Option actions in registration order (argparse iterates them in this order for prefixes). */
  options: OptionSpec[];
  /** Group levels: the subcommand positional's choices. */
  children?: Map<string, Level>;
  spec?: CommandSpec;
}

const LEAF = "\u0000command";

export function prog(level: Level): string {
  return ["az", ...level.path].join(" ");
}

/**
 * azure-cli's invoker keeps only part of the command table (AzCliCommandInvoker.execute): the leading words
 * (lower-cased while they prefix a command) name the command; if they name one exactly only it is loaded,
 * otherwise the first command of each subgroup below them. So `az --debug account show` fails like az does.
 */
function trimCommandTable(args: string[], table: readonly CommandSpec[]): readonly CommandSpec[] {
  const names = table.map((c) => c.path.join(" "));
  const nouns = commandWords(args);
  while (nouns.length > 0 && !names.some((n) => n.startsWith(nouns.join(" ").toLowerCase()))) nouns.pop();
  nouns.forEach((noun, i) => (args[i] = noun.toLowerCase()));
  const command = nouns.join(" ").toLowerCase();
  const exact = commandNamed(table, command);
  if (exact) return [exact];
  const seen = new Set<string>();
  return table.filter((c) => {
    const name = c.path.join(" ");
    if (command && !name.startsWith(command)) return false;
    const first = name.slice(command.length).trim().split(" ")[0]!;
    if (seen.has(first)) return false;
    seen.add(first);
    return true;
  });
}

/** The command of `table` whose words, joined by spaces, are `name`. */
export function commandNamed(table: readonly CommandSpec[], name: string): CommandSpec | undefined {
  return table.find((spec) => spec.path.join(" ") === name);
}

/** The words argv starts with, up to its first option: the command's name, and perhaps stray words after it. */
export function commandWords(args: readonly string[]): string[] {
  const words: string[] = [];
  for (const arg of args) {
    if (!arg || arg.startsWith("-")) break;
    words.push(arg);
  }
  return words;
}

function buildTree(commands: readonly CommandSpec[]): Level {
  const root: Level = { path: [], options: [HELP_OPTION, ...GLOBAL_OPTIONS], children: new Map() };
  for (const spec of commands) {
    let parent = root;
    spec.path.slice(0, -1).forEach((word, i) => {
      let group = parent.children!.get(word);
      if (!group) {
        // knack's group parsers are plain parsers: only -h/--help
        group = { path: spec.path.slice(0, i + 1), options: [HELP_OPTION], children: new Map() };
        parent.children!.set(word, group);
      }
      parent = group;
    });
    parent.children!.set(spec.path[spec.path.length - 1]!, { path: spec.path, options: [HELP_OPTION, ...GLOBAL_OPTIONS, ...spec.options], spec });
  }
  return root;
}

// ---------------------------------------------------------------------------------------------------------
// Errors, as the parser level that raised them reports them

class HelpRequested {
  constructor(readonly level: Level) {}
}

/** argparse's parser.error() (AzCliCommandParser.error): message, then the query link or the examples. */
export class ParserError {
  constructor(
    readonly level: Level,
    readonly message: string,
    /** What az keeps as _raw_arguments: the level's argv, or the leftovers once parsing succeeded. */
    readonly args: readonly string[],
  ) {}
}

/** AzCliCommandParser._check_value: a bad option value, or (option undefined) an unknown command word. */
export class InvalidChoice {
  constructor(
    readonly level: Level,
    readonly value: string,
    readonly choices: readonly string[],
    readonly option: OptionSpec | undefined,
    readonly args: readonly string[],
  ) {}
}

/** A command line az refuses; argparse-report.ts renders it. */
export type ParseFailure = ParserError | InvalidChoice;

export function isParseFailure(error: unknown): error is ParseFailure {
  return error instanceof ParserError || error instanceof InvalidChoice;
}

function argumentName(option: OptionSpec): string {
  return option.flags.join("/");
}

// ---------------------------------------------------------------------------------------------------------
// One parser level: argparse.ArgumentParser._parse_known_args

interface OptionMatch {
  option: OptionSpec | undefined;
  optionString: string;
  explicit: string | undefined;
}

const NEGATIVE_NUMBER = /^-\d+$|^-\d*\.\d+$/;

class LevelParser {
  private readonly byString = new Map<string, OptionSpec>();

  constructor(
    private readonly level: Level,
    private readonly hooks: ParseHooks,
    /** Index in the whole argv of this level's first argument (a subcommand parses a tail of argv). */
    private readonly offset: number,
  ) {
    for (const option of level.options) for (const flag of option.flags) this.byString.set(flag, option);
  }

  parse(args: readonly string[]): { values: Map<string, unknown>; extras: string[]; secrets: ArgvSecret[] } {
    const values = new Map<string, unknown>(this.level.options.map((o) => [o.dest, undefined]));
    if (this.level.spec) values.set(LEAF, this.level.spec);
    const seen = new Set<OptionSpec>();
    const unrecognized: string[] = [];
    const extras: string[] = [];
    const secrets: ArgvSecret[] = [];
    const optionAt = new Map<number, OptionMatch>();
    const pattern = this.classify(args, optionAt);
    let subcommandDone = !this.level.children;

    // (argparse also drops a "--" from an option's values; an option's values can never contain one)
    const takeOption = (option: OptionSpec, strings: string[]) => {
      seen.add(option);
      values.set(option.dest, this.convert(option, strings, args));
    };

    const consumeOptional = (start: number): number => {
      let { option, optionString, explicit } = optionAt.get(start)!;
      const taken: Array<[OptionSpec, string[]]> = [];
      let stop: number;
      for (;;) {
        if (!option) {
          extras.push(args[start]!);
          return start + 1;
        }
        if (explicit !== undefined) {
          const count = this.matchOption(option, "A", args);
          if (count === 0 && optionString[1] !== "-" && explicit !== "") {
            // combined short flags, e.g. -ih
            taken.push([option, []]);
            optionString = optionString[0]! + explicit[0]!;
            const next = this.byString.get(optionString);
            if (!next) throw new ParserError(this.level, `argument ${argumentName(option)}: ignored explicit argument ${pyStrRepr(explicit)}`, args);
            option = next;
            explicit = explicit.slice(1) || undefined;
          } else if (count === 1) {
            stop = start + 1;
            taken.push([option, [explicit]]);
            // the value is the tail of the argument: --pass=X, -pX, -p=X, -ipX
            if (option.secret) secrets.push({ index: this.offset + start, valueLength: explicit.length });
            break;
          } else {
            throw new ParserError(this.level, `argument ${argumentName(option)}: ignored explicit argument ${pyStrRepr(explicit)}`, args);
          }
        } else {
          const count = this.matchOption(option, pattern.slice(start + 1), args);
          stop = start + 1 + count;
          taken.push([option, args.slice(start + 1, stop)]);
          if (option.secret) for (let i = start + 1; i < stop; i++) secrets.push({ index: this.offset + i, valueLength: args[i]!.length });
          break;
        }
      }
      for (const [o, strings] of taken) takeOption(o, strings);
      return stop;
    };

    const consumePositionals = (start: number): number => {
      if (subcommandDone) return start;
      const match = /^(-*A[-AO]*)/.exec(pattern.slice(start));
      if (!match) return start;
      subcommandDone = true;
      const strings = args.slice(start, start + match[1]!.length);
      const child = this.level.children!.get(strings[0]!);
      if (!child) throw new InvalidChoice(this.level, strings[0]!, [...this.level.children!.keys()], undefined, args);
      const result = new LevelParser(child, this.hooks, this.offset + start + 1).parse(strings.slice(1));
      for (const [key, value] of result.values) values.set(key, value);
      secrets.push(...result.secrets);
      unrecognized.push(...result.extras);
      return start + strings.length;
    };

    let start = 0;
    const optionIndices = [...optionAt.keys()];
    const maxOptionIndex = optionIndices.length > 0 ? Math.max(...optionIndices) : -1;
    while (start <= maxOptionIndex) {
      const nextOption = Math.min(...optionIndices.filter((i) => i >= start));
      if (start !== nextOption) {
        const end = consumePositionals(start);
        if (end > start) {
          start = end;
          continue;
        }
      }
      if (!optionAt.has(start)) {
        extras.push(...args.slice(start, nextOption));
        start = nextOption;
      }
      start = consumeOptional(start);
    }
    extras.push(...args.slice(consumePositionals(start)));

    const missing = this.level.options.filter((o) => o.required && !seen.has(o)).map(argumentName);
    if (!subcommandDone) missing.push(this.level.path.length === 0 ? "_command_package" : "_subcommand");
    if (missing.length > 0) throw new ParserError(this.level, `the following arguments are required: ${missing.join(", ")}`, args);
    return { values, extras: [...extras, ...unrecognized], secrets };
  }

  /** One pattern letter per arg: O (option), A (argument), - (the "--" marker). */
  private classify(args: readonly string[], optionAt: Map<number, OptionMatch>): string {
    let pattern = "";
    for (let i = 0; i < args.length; i++) {
      if (args[i] === "--") {
        pattern += "-" + "A".repeat(args.length - i - 1);
        break;
      }
      const match = this.parseOptional(args[i]!, args);
      if (match) optionAt.set(i, match);
      pattern += match ? "O" : "A";
    }
    return pattern;
  }

  private parseOptional(arg: string, args: readonly string[]): OptionMatch | undefined {
    if (arg?.[0] !== "-") return undefined;
    const exact = this.byString.get(arg);
    if (exact) return { option: exact, optionString: arg, explicit: undefined };
    if (arg.length === 1) return undefined;
    if (arg.includes("=")) {
      const [name, ...rest] = arg.split("=");
      const option = this.byString.get(name!);
      if (option) return { option, optionString: name!, explicit: rest.join("=") };
    }
    const matches = this.prefixMatches(arg);
    if (matches.length > 1) {
      const names = matches.map((m) => m.optionString).join(", ");
      throw new ParserError(this.level, `ambiguous option: ${arg} could match ${names}`, args);
    }
    if (matches.length === 1) return matches[0];
    if (NEGATIVE_NUMBER.test(arg)) return undefined;
    if (arg.includes(" ")) return undefined;
    return { option: undefined, optionString: arg, explicit: undefined };
  }

  /** _get_option_tuples: long prefixes (with an optional =value), or a short flag with its value attached. */
  private prefixMatches(arg: string): OptionMatch[] {
    const matches: OptionMatch[] = [];
    if (arg[1] === "-") {
      const eq = arg.indexOf("=");
      const prefix = eq === -1 ? arg : arg.slice(0, eq);
      const explicit = eq === -1 ? undefined : arg.slice(eq + 1);
      for (const [flag, option] of this.byString) {
        if (flag.startsWith(prefix)) matches.push({ option, optionString: flag, explicit });
      }
    } else {
      const short = arg.slice(0, 2);
      for (const [flag, option] of this.byString) {
        if (flag === short) matches.push({ option, optionString: flag, explicit: arg.slice(2) });
        else if (flag.startsWith(arg)) matches.push({ option, optionString: flag, explicit: undefined });
      }
    }
    return matches;
  }

  /** _match_argument: how many following args the option takes, or "expected ... argument(s)". */
  private matchOption(option: OptionSpec, following: string, args: readonly string[]): number {
    const nargs = option.nargs;
    const regex = nargs === 0 ? /^()/ : nargs === 1 ? /^(A)/ : nargs === "*" ? /^(A*)/ : /^(A+)/;
    const match = regex.exec(following);
    if (!match) {
      const expected = nargs === "+" ? "expected at least one argument" : "expected one argument";
      throw new ParserError(this.level, `argument ${argumentName(option)}: ${expected}`, args);
    }
    return match[1]!.length;
  }

  /** _get_values: type conversion and choices, in argparse's order. */
  private convert(option: OptionSpec, strings: string[], args: readonly string[]): unknown {
    if (option === HELP_OPTION) throw new HelpRequested(this.level);
    if (option.nargs === 0) return true;
    if (option.nargs === "*" || option.nargs === "+") return strings;
    let value = strings[0]!;
    if (option.dest === "query" && this.hooks.isValidQuery && !this.hooks.isValidQuery(value)) {
      throw new ParserError(this.level, `argument --query: invalid jmespath_type value: ${pyStrRepr(value)}`, args);
    }
    if (option.lowercase) value = value.toLowerCase();
    if (option.choices) {
      const choice = option.ignoreCase ? option.choices.find((c) => c.toLowerCase() === value.toLowerCase()) : option.choices.find((c) => c === value);
      if (choice === undefined) throw new InvalidChoice(this.level, value, option.choices, option, args);
      value = choice;
    }
    return value;
  }
}
