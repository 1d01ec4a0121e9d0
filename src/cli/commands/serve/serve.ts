// `serve`: flags in, one use-case call. With --print-env the same command line, minus --print-env, is started
// in the background and the variables it announces are printed.
import { serveInBackground, serveTokens, type ServeOptions } from "../../../core/use-cases/serve.js";
import type { CommandContext, CommandResult } from "../../spec.js";
import { SERVE_COMMAND } from "./specs.js";

export async function run(options: ServeOptions, context: CommandContext): Promise<CommandResult> {
  const { deps, logger, session } = context;
  if (options.printEnv) {
    const argv = backgroundArgv(options);
    deps.io.stdout.write(await serveInBackground(options.printEnv, argv, options, deps, logger));
  } else {
    await serveTokens(options, session, deps, logger);
  }
  return {};
}

/** The same command line without --print-env, for the copy that runs in the background. */
function backgroundArgv(options: ServeOptions): string[] {
  const argv = [...SERVE_COMMAND.path];
  for (const option of SERVE_COMMAND.options) {
    const value = (options as Record<string, unknown>)[option.dest];
    if (value === undefined || option.dest === "printEnv") continue;
    const flag = option.flags.find((spelling) => spelling.startsWith("--"))!;
    if (Array.isArray(value)) argv.push(flag, ...value.map(String));
    else argv.push(`${flag}=${String(value)}`);
  }
  return argv;
}
