// commander's tree dispatches each command by its words; the options argparse built reach it untouched.
import { describe, expect, it, vi } from "vitest";
import { parseCommandLine } from "../../../src/cli/argparse-report.js";
import { COMMANDS } from "../../../src/cli/command-table.js";
import { createProgram, dispatch } from "../../../src/cli/program.js";
import type { CommandContext, CommandSpec, ParsedOptions } from "../../../src/cli/spec.js";

const context = {} as CommandContext;

/** The command table with every run replaced by a recorder. */
function recordingTable() {
  const calls: { path: string; options: ParsedOptions; context: CommandContext }[] = [];
  const table: CommandSpec[] = COMMANDS.map((spec) => ({
    ...spec,
    run: vi.fn(async (options: ParsedOptions, ctx: CommandContext) => {
      calls.push({ path: spec.path.join(" "), options, context: ctx });
      return { result: spec.path.join(" ") };
    }),
  }));
  return { table, calls };
}

function parsed(...argv: string[]) {
  const result = parseCommandLine(argv);
  if (result.kind !== "command") throw new Error("expected a command");
  return result;
}

describe("program", () => {
  it.each(COMMANDS.map((spec) => [spec.path.join(" ")]))("dispatches %s to its own spec, once", async (name) => {
    const { table, calls } = recordingTable();
    const spec = table.find((s) => s.path.join(" ") === name)!;
    const options = { any: "value" };
    expect(await dispatch(spec, options, context, table)).toEqual({ result: name });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.path).toBe(name);
    expect(calls[0]!.options).toBe(options);
    expect(calls[0]!.context).toBe(context);
  });

  it.each([
    ["login", "--service-principal", "-u", "U", "-p=--help", "--tenant", "T", "--scope", "a", "b", "--allow-no-subscriptions"],
    ["account", "set", "-n=--version"],
    ["logout", "--username=-h"],
  ])("hands argparse's options over as they are, even values that look like flags: %s", async (...argv) => {
    const { table, calls } = recordingTable();
    const line = parsed(...argv);
    await dispatch(table.find((s) => s.path.join(" ") === line.spec.path.join(" "))!, line.options, context, table);
    expect(calls.map((c) => c.options)).toEqual([line.options]);
  });

  it("declares no options in commander, so it has nothing to parse but the command words", async () => {
    const program = await createProgram(COMMANDS, async () => {});
    const all = (command: typeof program): (typeof program)[] => [command, ...command.commands.flatMap(all)];
    expect(all(program).flatMap((command) => command.options)).toEqual([]);
    expect(all(program).filter((command) => command.commands.length === 0 && command.name() !== "help")).toHaveLength(COMMANDS.length);
  });

  it("refuses a command registered twice", async () => {
    await expect(createProgram([...COMMANDS, COMMANDS[0]!], async () => {})).rejects.toThrow(/already have command/);
  });
});
