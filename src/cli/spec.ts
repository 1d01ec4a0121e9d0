// Commands and their options as data. The argparse-compatible layer (cli/argparse.ts), the help printer
// (cli/help.ts) and commander's command tree (cli/program.ts) are all built from these specs, so a flag is
// declared exactly once.
import type { Deps } from "../infra/deps.js";
import type { Logger } from "../core/logger.js";
import type { ProfileSession } from "../core/profile/session.js";

export interface OptionSpec {
  /** Property name in the parsed options object, e.g. "resourceType". */
  dest: string;
  /** Every spelling in az's definition order, e.g. ["--subscription", "-s", "--name", "-n"]. */
  flags: string[];
  /** 0: a switch (true when present); 1: one value; "*": zero or more values (argparse nargs='*'); "+": one or more. */
  nargs: 0 | 1 | "*" | "+";
  choices?: readonly string[];
  /** The value is lower-cased before the choices are checked (az's `type=str.lower`, used by --output). */
  lowercase?: boolean;
  /** Choices match case-insensitively and the value takes the choice's spelling (az's get_enum_type). */
  ignoreCase?: boolean;
  required?: boolean;
  /** Shown in help as "Default: X." (the parser itself leaves absent options undefined). */
  default?: string;
  /** Help section, e.g. "Managed Service Identity" (printed as "... Arguments"); absent: the main section. */
  group?: string;
  /** Help text as az prints it in the Arguments section. */
  help: string;
  /** Hidden options are accepted but not listed in help (deprecated az spellings). */
  hidden?: boolean;
}

export interface ExampleSpec {
  summary: string;
  /** As az's help YAML yields it: examples written with `>` end in "\n", which az prints as an extra blank line. */
  command: string;
}

export interface CommandModule<Options = Record<string, unknown>> {
  run(options: Options, context: CommandContext): Promise<CommandResult>;
}

export interface CommandSpec {
  /** Command words after `az`, e.g. ["account", "get-access-token"]. */
  path: string[];
  /** First help line. */
  summary: string;
  /** az's long-summary as its help YAML yields it; the help printer normalises and wraps it. */
  description?: string;
  options: OptionSpec[];
  examples: ExampleSpec[];
  /** Loads the implementation only when this command runs. */
  load(): Promise<CommandModule<any>>;
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

export type OutputFormat = "json" | "jsonc" | "yaml" | "yamlc" | "table" | "tsv" | "none";

export const OUTPUT_FORMATS: readonly OutputFormat[] = ["json", "jsonc", "yaml", "yamlc", "table", "tsv", "none"];

export interface CommandResult {
  /** The value to format; `undefined` prints nothing (az commands that return None). */
  result?: unknown;
  /** Reshapes the result for `-o table` when no --query is given (az's table_transformer). */
  tableTransformer?: (result: unknown) => unknown;
}
