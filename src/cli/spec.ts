// Commands and their options as data. The argparse-compatible parser (cli/argparse.ts), the help printer
// (cli/help.ts) and commander's command tree (cli/program.ts) are all built from these specs, so a flag is
// declared exactly once.
//
// Adding a command (the one pattern; see defineCommand below):
//   1. `src/cli/commands/<group>/<cmd>.ts` exports `run(options: XOptions, context)` (thin: one use-case call)
//      and its options type (or takes the use case's).
//   2. Its spec, in a file of its own like `commands/shim/specs.ts`, is
//      `defineCommand<XOptions>({ path, summary, options: [...], examples, load: () => import("./cmd.js") })`.
//      Each option's `dest` must be a property of XOptions and its `nargs` must yield that property's type
//      (0: boolean, 1: string, "*"/"+": string[]); a required property needs `required: true`. An option
//      shared by several commands is a `const X = { ... } as const satisfies OptionSpec` (as const keeps its
//      dest a literal, so it is checked against each command's options type too).
//   3. One import/spread line in `command-table.ts` (a command the cache-hit path runs, which prints a token,
//      is declared in `token-commands.ts` instead, so that it parses without the rest of the table).
import type { Deps } from "../infra/deps.js";
import type { Logger } from "../core/logger.js";
import type { ProfileSession } from "../core/profile/session.js";
import type { OutputFormat } from "../core/output/formats.js";

export interface OptionSpec {
  /** Property name in the parsed options object, e.g. "resourceType". */
  readonly dest: string;
  /** Every spelling in az's definition order, e.g. ["--subscription", "-s", "--name", "-n"]. */
  readonly flags: readonly string[];
  /** 0: a switch (true when present); 1: one value; "*": zero or more values (argparse nargs='*'); "+": one or more. */
  readonly nargs: 0 | 1 | "*" | "+";
  readonly choices?: readonly string[];
  /** The value is lower-cased before the choices are checked (az's `type=str.lower`, used by --output). */
  readonly lowercase?: boolean;
  /** Choices match case-insensitively and the value takes the choice's spelling (az's get_enum_type). */
  readonly ignoreCase?: boolean;
  readonly required?: boolean;
  /** Shown in help as "Default: X." (the parser itself leaves absent options undefined). */
  readonly default?: string;
  /** Help section, e.g. "Managed Service Identity" (printed as "... Arguments"); absent: the main section. */
  readonly group?: string;
  /** Help text as az prints it in the Arguments section. */
  readonly help: string;
  /** Hidden options are accepted but not listed in help (deprecated az spellings). */
  readonly hidden?: boolean;
  /**
   * The value is a credential (password, client secret, key, token): --debug's argv line masks it in every
   * spelling argparse accepts. The parser reports where it found the value, so marking the option is enough.
   */
  readonly secret?: boolean;
}

export interface ExampleSpec {
  readonly summary: string;
  /** As az's help YAML yields it: examples written with `>` end in "\n", which az prints as an extra blank line. */
  readonly command: string;
}

/** What a command module exports (a property, not a method, so that its parameter is checked strictly). */
export interface CommandModule<Options> {
  run: (options: Options, context: CommandContext) => Promise<CommandResult>;
}

/** The options type of a command that takes none of its own. */
export type NoOptions = Record<never, never>;

/** The options object the parser builds: `dest` to value, absent options left out. */
export type ParsedOptions = Readonly<Record<string, unknown>>;

/** The value type each nargs yields. */
type NargsFor<Value> = [Value] extends [boolean] ? 0 : [Value] extends [string] ? 1 : [Value] extends [readonly string[]] ? "*" | "+" : never;

/** `required: true` exactly for the properties the options type does not mark optional. */
type RequiredFor<Options, Dest extends keyof Options> = object extends Pick<Options, Dest> ? { readonly required?: false } : { readonly required: true };

/** An option spec bound to `Options`: its dest names a property, its nargs yields that property's type. */
export type OptionOf<Options> = {
  [Dest in keyof Options & string]-?: OptionSpec & { readonly dest: Dest; readonly nargs: NargsFor<NonNullable<Options[Dest]>> } & RequiredFor<Options, Dest>;
}[keyof Options & string];

/** A command as it is declared: its option specs and its implementation share one options type. */
export interface CommandDefinition<Options> {
  /** Command words after `az`, e.g. ["account", "get-access-token"]. */
  readonly path: readonly string[];
  /** First help line. */
  readonly summary: string;
  /** az's long-summary as its help YAML yields it; the help printer normalises and wraps it. */
  readonly description?: string;
  readonly options: readonly OptionOf<Options>[];
  readonly examples: readonly ExampleSpec[];
  /**
   * Runs straight from the parse instead of through commander's tree: only for the cache-hit path, whose whole
   * budget is smaller than loading commander (see program.ts).
   */
  readonly skipsCommander?: boolean;
  /** The output format when --output is not given, ahead of core.output: for results a program reads (kubectl). */
  readonly defaultOutput?: OutputFormat;
  /** Loads the implementation only when this command runs. */
  load(): Promise<CommandModule<Options>>;
}

/** A type-only brand, so that a spec cannot skip defineCommand's checks. */
declare const DEFINED: unique symbol;

/** A command as the parser, the help printer and the dispatcher see it (made only by defineCommand). */
export interface CommandSpec extends Omit<CommandDefinition<never>, "options" | "load"> {
  readonly options: readonly OptionSpec[];
  /** Loads the implementation and runs it with the options the parser built from `options`. */
  run(options: ParsedOptions, context: CommandContext): Promise<CommandResult>;
  readonly [DEFINED]: true;
}

/**
 * Declares a command. The option specs are checked against `Options` (renaming a dest or a property fails the
 * typecheck), which is what makes the one cast below sound: the parser builds the options object from exactly
 * these specs, a boolean for nargs 0, a string for 1, a string list for "*" and "+", and required ones present.
 */
export function defineCommand<Options>(definition: CommandDefinition<Options>): CommandSpec {
  const { load, ...spec } = definition;
  const run = async (options: ParsedOptions, context: CommandContext) => (await load()).run(options as Options, context);
  return { ...spec, run } as unknown as CommandSpec;
}

/** What every command run receives besides its own options. */
export interface CommandContext {
  deps: Deps;
  logger: Logger;
  /** The resolved configuration directory (AZURE_CONFIG_DIR or ~/.azure). */
  configDir: string;
  /** Configuration, active cloud and accounts, loaded once per run. */
  session: ProfileSession;
  /** Global options already parsed. */
  globals: GlobalOptions;
}

export interface GlobalOptions {
  output: OutputFormat;
  query: string | undefined;
  onlyShowErrors: boolean;
  debug: boolean;
  verbose: boolean;
}


export interface CommandResult {
  /** The value to format; `undefined` prints nothing (az commands that return None). */
  result?: unknown;
  /** Reshapes the result for `-o table` when no --query is given (az's table_transformer). */
  tableTransformer?: (result: unknown) => unknown;
}
