// What az prints when argv asks for help or cannot be parsed: help texts, the version, the welcome, and usage
// errors with their "did you mean" line and recovery block. Kept apart from argparse.ts so a command that parses
// (every token request) never loads help, difflib or the recovery texts.
import { UsageError } from "../core/errors.js";
import { commandNamed, isParseFailure, parseArgv, ParserError, prog, type InvalidChoice, type ParsedArgv, type ParsedCommand, type ParseFailure, type ParseHooks } from "./argparse.js";
import { COMMANDS, GROUPS } from "./command-table.js";
import { getCloseMatches } from "./difflib.js";
import { renderCommandHelp, renderGroupHelp, renderVersion, renderWelcome, type HelpChild } from "./help.js";
import { parameterNames, QUERY_REFERENCE, recoveryBlock } from "./recovery.js";
import type { CommandSpec } from "./spec.js";

export type ParsedCommandLine = ParsedCommand | { kind: "help"; text: string };

/** parseArgv with help rendered and failures turned into az's UsageError (rc 2, recovery block in `trailer`). */
export function parseCommandLine(argv: string[], hooks: ParseHooks = {}): ParsedCommandLine {
  let parsed: ParsedArgv;
  try {
    parsed = parseArgv(argv, COMMANDS, hooks);
  } catch (error) {
    throw isParseFailure(error) ? usageErrorFor(error) : error;
  }
  return parsed.kind === "command" ? parsed : { kind: "help", text: helpText(parsed) };
}

/** The text printed (rc 0) for a help, version or welcome request. */
export function helpText(parsed: Exclude<ParsedArgv, ParsedCommand>): string {
  if (parsed.kind === "version") return renderVersion();
  if (parsed.kind === "welcome") return renderWelcome(childrenOf([], COMMANDS));
  // Help always describes the full table, not the trimmed one az parsed with.
  const { level } = parsed;
  return level.spec ? renderCommandHelp(level.spec) : renderGroupHelp(level.path, childrenOf(level.path, COMMANDS));
}

export function usageErrorFor(failure: ParseFailure): UsageError {
  return failure instanceof ParserError ? parserErrorReport(failure) : invalidChoiceReport(failure);
}

function childrenOf(path: readonly string[], commands: readonly CommandSpec[]): HelpChild[] {
  const children = new Map<string, HelpChild>();
  for (const spec of commands) {
    if (spec.path.length <= path.length || path.some((w, i) => spec.path[i] !== w)) continue;
    const name = spec.path[path.length]!;
    const isGroup = spec.path.length > path.length + 1;
    const summary = isGroup ? (GROUPS.get([...path, name].join(" ")) ?? "") : spec.summary;
    if (!children.has(name)) children.set(name, { name, summary, isGroup });
  }
  return [...children.values()];
}

function examplesFor(name: string): CommandSpec["examples"] {
  return commandNamed(COMMANDS, name)?.examples ?? [];
}

/** argparse's parser.error() (AzCliCommandParser.error): message, then the query link or the examples. */
function parserErrorReport(failure: ParserError): UsageError {
  if (failure.message.includes("--query")) return new UsageError(failure.message, QUERY_REFERENCE + "\n");
  const command = failure.level.path.join(" ");
  const block = recoveryBlock({ command, spec: failure.level.spec, args: failure.args, examples: examplesFor(command) });
  return new UsageError(failure.message, block);
}

/** AzCliCommandParser._check_value: a bad option value, or (option undefined) an unknown command word. */
function invalidChoiceReport(failure: InvalidChoice): UsageError {
  const { level, value, choices, option, args } = failure;
  const candidates = getCloseMatches(value, choices, 3, 0.7);
  let command = level.path.join(" ");
  let inferred = prog(level);
  let message: string;
  if (option && level.spec) {
    message = `${prog(level)}: '${value}' is not a valid value for '${option.flags[0]}'. Allowed values: ${choices.join(", ")}.`;
  } else {
    // az takes any bad value seen by a root or group parser (even `az -o xml ...`) for a command word
    message = `'${value}' is misspelled or not recognized by the system.`;
    const first = args[0];
    if (!option && first !== undefined && !parameterNames(args).includes(first)) command = `${command} ${first}`.trim();
    if (candidates.length > 0) {
      // az's guess at the intended command, truncated at the first "-" (so hyphenated names find no examples)
      const words = [...prog(level).split(" "), ...args].map((w) => (w === value ? candidates[0]! : w));
      inferred = words.join(" ").split("-")[0]!;
    }
  }
  const didYouMean = candidates.length > 0 ? `Did you mean '${candidates[0]}' ?\n` : "";
  const examples = examplesFor(inferred.split(" ").slice(1).join(" "));
  const spec = commandNamed(COMMANDS, command);
  return new UsageError(message, didYouMean + recoveryBlock({ command, spec, args, examples }));
}
