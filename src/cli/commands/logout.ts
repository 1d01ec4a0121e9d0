// `logout [--username U]`
import { logout } from "../../core/use-cases/account-write.js";
import type { CommandContext, CommandResult } from "../spec.js";

export interface LogoutOptions {
  username?: string;
}

export async function run(options: LogoutOptions, context: CommandContext): Promise<CommandResult> {
  await logout(context.session, context.deps.env, context.logger, options.username);
  return {};
}
