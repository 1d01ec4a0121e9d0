// `account clear`
import { clearAccounts } from "../../../core/use-cases/account-write.js";
import type { CommandContext, CommandResult, NoOptions } from "../../spec.js";

export async function run(_options: NoOptions, context: CommandContext): Promise<CommandResult> {
  await clearAccounts(context.session, context.deps.env, context.logger);
  return {};
}
