// commander's part: the command tree, registration and dispatch. The command line is parsed once, by argparse.ts.
//
// Why the work is split this way:
// - Parsing stays with argparse.ts, a port of the parser az runs: prefixes, `=` values, error precedence and
//   az's exact messages (rc 2) are what callers and scripts depend on, and commander cannot reproduce them.
// - commander stays off the cache-hit path: loading its chunk and building the tree cost 17-19 ms per start
//   (measured on an esbuild bundle like dist/, node 20; argparse.ts ~1.5 ms), far over that path's ~2 ms budget.
//   So the specs that mark `skipsCommander` (account get-access-token, get-token, exec-credential) run straight
//   from the parse.
// - Every other command is dispatched here: each spec registers a commander (sub)command under its words, whose
//   action runs it; commander then walks its tree with the command words argparse resolved and calls that
//   action. commander declares no options and is never handed one: the options object argparse built goes to
//   the action untouched, so nothing is parsed twice.
// How to declare a command (defineCommand, options typed by the command's options type): src/cli/spec.ts.
import type { Command } from "commander";
import { COMMANDS } from "./command-table.js";
import type { CommandContext, CommandResult, CommandSpec, ParsedOptions } from "./spec.js";

/** The commander (sub)command for a path, creating the group commands on the way. */
function commandAt(program: Command, path: readonly string[], summary: string): Command {
  let parent = program;
  for (const word of path.slice(0, -1)) {
    parent = parent.commands.find((c) => c.name() === word) ?? parent.command(word);
  }
  return parent.command(path[path.length - 1]!).summary(summary);
}

/** The tree of every command; `onRun` is each action (commander rejects a path registered twice). */
export async function createProgram(commands: readonly CommandSpec[], onRun: (spec: CommandSpec) => Promise<void>): Promise<Command> {
  const { Command } = await import("commander");
  const program = new Command("az").exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  for (const spec of commands) commandAt(program, spec.path, spec.summary).action(() => onRun(spec));
  return program;
}

/** Runs the parsed command through commander's tree. */
export async function dispatch(
  spec: CommandSpec,
  options: ParsedOptions,
  context: CommandContext,
  commands: readonly CommandSpec[] = COMMANDS,
): Promise<CommandResult> {
  let result: CommandResult | undefined;
  const program = await createProgram(commands, async (matched) => {
    result = await matched.run(options, context);
  });
  await program.parseAsync([...spec.path], { from: "user" });
  if (!result) throw new Error(`commander did not dispatch ${spec.path.join(" ")}`);
  return result;
}
