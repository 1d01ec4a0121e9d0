// `account set --subscription/-s X`
import { setActiveAccount } from "../../../core/use-cases/account-write.js";
import type { CommandContext, CommandResult } from "../../spec.js";

export interface AccountSetOptions {
  subscription: string;
}

export async function run(options: AccountSetOptions, context: CommandContext): Promise<CommandResult> {
  await setActiveAccount(context.session, options.subscription);
  return {};
}
