// commander's command tree, built from the same specs (one `register` per spec, no logic in it). argparse.ts
// owns az's semantics and messages; commander then parses the canonical argv that argparse produced
// (`<words> --long=value ...`) and routes it to the spec.
//
// Why commander is loaded lazily (`await import`) and kept off the token path: measured on an esbuild bundle
// like dist/ (node 20, this machine), loading commander's chunk, building this tree and parsing cost 17-19 ms
// per start (argparse.ts: ~1.5 ms), far over the ~2 ms budget of the cache-hit path. argparse.ts already
// yields the spec and options, so `account get-access-token` / `get-token` call the spec directly; other
// commands may route through `dispatch`.
import type { Command } from "commander";
import { COMMANDS } from "./command-table.js";
import type { ParsedCommandLine } from "./argparse.js";
import type { CommandSpec, OptionSpec } from "./spec.js";

export type ParsedCommand = Extract<ParsedCommandLine, { kind: "command" }>;

interface Routed {
  spec: CommandSpec;
  options: Record<string, unknown>;
}

/** The long spelling commander declares (its camelCase attribute name equals the spec's dest). */
function longFlag(option: OptionSpec): string {
  return option.flags.find((f) => f.startsWith("--"))!;
}

function commanderFlags(option: OptionSpec): string {
  const flag = longFlag(option);
  switch (option.nargs) {
    case 0:
      return flag;
    case 1:
      return `${flag} <value>`;
    case "*":
      return `${flag} [values...]`;
    case "+":
      return `${flag} <values...>`;
  }
}

/** Declares one spec under `program`; the action only reports which spec matched. */
export function register(program: Command, spec: CommandSpec, onMatch: (routed: Routed) => void): void {
  let parent = program;
  for (const word of spec.path.slice(0, -1)) {
    parent = parent.commands.find((c) => c.name() === word) ?? parent.command(word);
  }
  const command = parent.command(spec.path[spec.path.length - 1]!);
  for (const option of spec.options) command.option(commanderFlags(option));
  command.action((options: Record<string, unknown>) => {
    // commander gives `true` for a bare optional variadic option; argparse's nargs='*' gives []
    for (const option of spec.options) if (option.nargs === "*" && options[option.dest] === true) options[option.dest] = [];
    onMatch({ spec, options });
  });
}

export async function createProgram(onMatch: (routed: Routed) => void): Promise<Command> {
  const { Command } = await import("commander");
  const program = new Command("az").exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  for (const spec of COMMANDS) register(program, spec, onMatch);
  return program;
}

/** argparse's result as the argv commander parses: command words, then `--long=value` / `--long v1 v2`. */
export function canonicalArgv(parsed: ParsedCommand): string[] {
  const argv = [...parsed.spec.path];
  for (const option of parsed.spec.options) {
    const value = parsed.options[option.dest];
    if (value === undefined) continue;
    const flag = longFlag(option);
    if (option.nargs === 0) argv.push(flag);
    else if (Array.isArray(value)) argv.push(flag, ...value.map(String));
    else argv.push(`${flag}=${String(value)}`);
  }
  return argv;
}

/** Routes a validated command line through commander's tree. */
export async function dispatch(parsed: ParsedCommand): Promise<Routed> {
  let routed: Routed | undefined;
  const program = await createProgram((r) => (routed = r));
  await program.parseAsync(canonicalArgv(parsed), { from: "user" });
  if (!routed) throw new Error(`commander did not route ${parsed.spec.path.join(" ")}`);
  return routed;
}
