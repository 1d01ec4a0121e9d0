// Where a service principal's federated token (the client assertion) comes from, when it is not a token given
// once on the command line: a CI system's OIDC endpoint or a token file that something else keeps fresh. The
// description is stored beside the entry in service_principal_entries.json (az ignores the key); the secrets
// that authorise the CI requests stay in the environment and are read at each request.
import { AzError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { Env } from "../../infra/deps.js";
import type { HttpClient } from "../../infra/http-types.js";

/** The key of service_principal_entries.json that holds the description; az reads only its own keys. */
export const ASSERTION_PROVIDER_FIELD = "aztoken_assertion_provider";

export const GITHUB_DEFAULT_AUDIENCE = "api://AzureADTokenExchange";

export type AssertionProvider =
  | { kind: "github"; audience: string }
  | { kind: "azure-pipelines"; serviceConnectionId: string }
  | { kind: "file"; path: string };

/** What fetching an assertion may touch: the environment (read now, not at login), HTTP, the debug log. */
export interface AssertionRequestContext {
  env: Env;
  http(): Promise<HttpClient>;
  logger: Logger;
}

/** A provider that cannot deliver: one line naming the variable, status or file, and the fix. */
export class FederatedTokenError extends AzError {
  override name = "FederatedTokenError";
}

/** Reads the stored description back; anything else (a hand-edited entry) is an error that says so. */
export function parseAssertionProvider(value: unknown): AssertionProvider {
  const record = (value ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === "string" && record[key] !== "" ? (record[key] as string) : undefined);
  if (record.kind === "github" && text("audience")) return { kind: "github", audience: text("audience")! };
  if (record.kind === "azure-pipelines" && text("serviceConnectionId")) return { kind: "azure-pipelines", serviceConnectionId: text("serviceConnectionId")! };
  if (record.kind === "file" && text("path")) return { kind: "file", path: text("path")! };
  throw new FederatedTokenError(
    `The stored federated token provider (${ASSERTION_PROVIDER_FIELD} in service_principal_entries.json) is not one aztoken knows; run 'aztoken login' again.`,
  );
}

/** For --debug lines: what is asked, never a secret. */
export function describeProvider(provider: AssertionProvider): string {
  switch (provider.kind) {
    case "github":
      return `GitHub Actions' OIDC endpoint (audience ${provider.audience})`;
    case "azure-pipelines":
      return `Azure Pipelines' OIDC endpoint (service connection ${provider.serviceConnectionId})`;
    case "file":
      return `the token file ${provider.path}`;
  }
}

/** A new assertion from the provider; each kind lives in its own file, loaded only when it is used. */
export async function fetchAssertion(provider: AssertionProvider, context: AssertionRequestContext): Promise<string> {
  context.logger.debug(`Fetching a federated token from ${describeProvider(provider)}`);
  switch (provider.kind) {
    case "github":
      return (await import("./github-actions.js")).fetchGitHubActionsToken(provider, context);
    case "azure-pipelines":
      return (await import("./azure-pipelines.js")).fetchAzurePipelinesToken(provider, context);
    case "file":
      return (await import("./token-file.js")).readTokenFile(provider.path);
  }
}
