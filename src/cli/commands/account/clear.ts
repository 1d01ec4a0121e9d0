// `account clear`
import { clearAccounts } from "../../../core/use-cases/account-write.js";
import type { CommandContext, CommandResult } from "../../spec.js";

export async function run(_options: unknown, context: CommandContext): Promise<CommandResult> {
  await clearAccounts(context.session, context.deps.env, context.logger);
  return {};
}
