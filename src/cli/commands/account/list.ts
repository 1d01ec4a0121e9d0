// `account list [--all] [--refresh]`
import { accountListTable, listAccounts } from "../../../core/use-cases/account-read.js";
import type { CommandContext, CommandResult } from "../../spec.js";

export interface AccountListOptions {
  all?: boolean;
  refresh?: boolean;
}

export async function run(options: AccountListOptions, context: CommandContext): Promise<CommandResult> {
  const all = options.all === true;
  if (options.refresh) {
    // ARM discovery (and MSAL behind it) only loads for --refresh
    const { listRefreshedAccounts } = await import("../../../core/use-cases/account-refresh.js");
    return { result: await listRefreshedAccounts(context, { all }), tableTransformer: accountListTable };
  }
  return { result: listAccounts(context.session, context.logger, { all }), tableTransformer: accountListTable };
}
