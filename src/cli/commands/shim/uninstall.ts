// `shim uninstall [--dir DIR]`: remove the launchers `shim install` wrote.
import { uninstallShim } from "../../../core/shim/uninstall.js";
import type { CommandContext, CommandResult } from "../../spec.js";
import type { ShimOptions } from "./install.js";

export async function run(options: ShimOptions, context: CommandContext): Promise<CommandResult> {
  const { deps, logger } = context;
  return { result: await uninstallShim({ dir: options.dir, host: deps, logger }) };
}
