// `account get-access-token` (and our alias `get-token`): flags in, one use-case call, result out.
import { getAccessToken, type GetAccessTokenOptions } from "../../../core/use-cases/get-access-token.js";
import type { CommandContext, CommandResult } from "../../spec.js";

export async function run(options: GetAccessTokenOptions, context: CommandContext): Promise<CommandResult> {
  return { result: await getAccessToken(options, context.session, context.deps, context.logger) };
}
