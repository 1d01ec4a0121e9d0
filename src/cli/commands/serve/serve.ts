// `serve`: flags in, one use-case call. With --print-env the same command line, minus --print-env, is started
// in the background and the variables it announces are printed.
import { serveInBackground, serveTokens, type ServeOptions } from "../../../core/use-cases/serve.js";
import { canonicalArgv } from "../../program.js";
import type { CommandContext, CommandResult } from "../../spec.js";
import { SERVE_COMMAND } from "./specs.js";

export async function run(options: ServeOptions, context: CommandContext): Promise<CommandResult> {
  const { deps, logger, session } = context;
  if (options.printEnv) {
    const argv = canonicalArgv({ kind: "command", spec: SERVE_COMMAND, options: { ...options, printEnv: undefined }, globals: context.globals });
    deps.io.stdout.write(await serveInBackground(options.printEnv, argv, options, deps, logger));
  } else {
    await serveTokens(options, session, deps, logger);
  }
  return {};
}
