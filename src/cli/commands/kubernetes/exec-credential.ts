// `exec-credential --server-id ID [--tenant T] [--subscription S]`: kubectl's exec plugin. kubectl shows a
// failing plugin's stderr inside its own message, so every error is kept to one line.
import { AzError, UsageError } from "../../../core/errors.js";
import { getExecCredential, type ExecCredentialOptions } from "../../../core/use-cases/exec-credential.js";
import type { CommandContext, CommandResult } from "../../spec.js";

export async function run(options: ExecCredentialOptions, context: CommandContext): Promise<CommandResult> {
  try {
    return { result: await getExecCredential(options, context.session, context.deps, context.logger) };
  } catch (error) {
    throw error instanceof AzError && !(error instanceof UsageError) ? oneLine(error) : error;
  }
}

/** The message and az's recommendation lines joined into one line; the exit code stays. */
function oneLine(error: AzError): AzError {
  const text = [error.message, error.recommendation ?? ""].join("\n");
  const line = text
    .split("\n")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .join(" ");
  return new AzError(line, { exitCode: error.exitCode });
}
