// The options every parser level has: argparse's -h/--help and knack's global arguments. Kept apart from the
// command table so that the cache-hit path can parse without it (see token-commands.ts).
import { OUTPUT_FORMATS } from "../core/output/formats.js";
import type { OptionSpec } from "./spec.js";

/** argparse's own -h/--help, registered before everything else. */
export const HELP_OPTION: OptionSpec = {
  dest: "help",
  flags: ["-h", "--help"],
  nargs: 0,
  help: "Show this help message and exit.",
  group: "Global",
};

/** knack's global arguments, in the order its event handlers register them (logging, output, query). */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { dest: "verbose", flags: ["--verbose"], nargs: 0, group: "Global", help: "Increase logging verbosity. Use --debug for full debug logs." },
  { dest: "debug", flags: ["--debug"], nargs: 0, group: "Global", help: "Increase logging verbosity to show all debug logs." },
  { dest: "onlyShowErrors", flags: ["--only-show-errors"], nargs: 0, group: "Global", help: "Only show errors, suppressing warnings." },
  {
    dest: "output",
    flags: ["--output", "-o"],
    nargs: 1,
    choices: OUTPUT_FORMATS,
    lowercase: true,
    default: "json",
    group: "Global",
    help: "Output format",
  },
  {
    dest: "query",
    flags: ["--query"],
    nargs: 1,
    group: "Global",
    help: "JMESPath query string. See http://jmespath.org/ for more information and examples.",
  },
];
