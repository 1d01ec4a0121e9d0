// `shim install [--dir DIR]`: put an `az` launcher that runs aztoken in front of the Azure CLI.
import { installShim } from "../../../core/shim/install.js";
import type { CommandContext, CommandResult } from "../../spec.js";

export interface ShimOptions {
  dir?: string;
}

export async function run(options: ShimOptions, context: CommandContext): Promise<CommandResult> {
  const { deps, logger } = context;
  return { result: await installShim({ dir: options.dir, host: deps, logger }) };
}
