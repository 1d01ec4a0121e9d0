// `account list [--all] [--refresh]`
import { accountListTable, listAccounts } from "../../../core/use-cases/account-read.js";
import { AzError } from "../../../core/errors.js";
import type { CommandContext, CommandResult } from "../../spec.js";

export interface AccountListOptions {
  all?: boolean;
  refresh?: boolean;
}

export async function run(options: AccountListOptions, context: CommandContext): Promise<CommandResult> {
  if (options.refresh) {
    // TODO(issue 5): re-discover subscriptions through ARM
    throw new AzError("account list --refresh needs the login work (issue 5) and is not available yet");
  }
  return { result: listAccounts(context.session, context.logger, { all: options.all === true }), tableTransformer: accountListTable };
}
