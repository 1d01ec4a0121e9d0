// `account show [-s X]`
import { showAccount } from "../../../core/use-cases/account-read.js";
import type { CommandContext, CommandResult } from "../../spec.js";

export interface AccountShowOptions {
  subscription?: string;
}

export async function run(options: AccountShowOptions, context: CommandContext): Promise<CommandResult> {
  return { result: showAccount(context.session, options.subscription) };
}
