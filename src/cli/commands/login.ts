// `login`: service principal (secret, certificate, federated token), managed identity, or a user by browser,
// device code or username/password. Prints the new accounts (docs/compatibility.md#login-logout-account-and-version).
import { login, type LoginOptions } from "../../core/use-cases/login.js";
import type { CommandContext, CommandResult } from "../spec.js";

export async function run(options: LoginOptions, context: CommandContext): Promise<CommandResult> {
  const promptPassword = async () => (await import("../../core/login/password-prompt.js")).promptPassword();
  return { result: await login(options, context, { promptPassword }) };
}
