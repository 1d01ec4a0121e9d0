// `kubeconfig convert [--kubeconfig FILE] [--context NAME]`: flags in, one use-case call, the changes out.
import { convertKubeconfig, type KubeconfigConvertOptions } from "../../../core/use-cases/kubeconfig-convert.js";
import type { CommandContext, CommandResult } from "../../spec.js";

export type KubeconfigConvertFlags = Omit<KubeconfigConvertOptions, "cwd">;

export async function run(options: KubeconfigConvertFlags, context: CommandContext): Promise<CommandResult> {
  return { result: await convertKubeconfig({ ...options, cwd: context.deps.cwd }, context.deps, context.logger) };
}
