// The one request both CI systems' OIDC endpoints take: an authorised call that answers 200 with a JSON object
// whose member holds the token. Failures become one line naming the endpoint's variable, the status and the fix;
// the bearer token itself never appears (it is in a header, and messages carry no request details).
import { withRetries, tokenRetryPolicy } from "../../infra/http/retry.js";
import type { HttpRequest, HttpResponse } from "../../infra/http-types.js";
import { FederatedTokenError, type AssertionRequestContext } from "./provider.js";

export interface OidcEndpoint {
  /** For messages, e.g. "GitHub Actions' OIDC endpoint (ACTIONS_ID_TOKEN_REQUEST_URL)". */
  name: string;
  request: HttpRequest;
  /** The JSON member with the token: `value` (GitHub), `oidcToken` (Azure DevOps). */
  member: string;
  /** The message for a status other than 200. */
  statusError(status: number): string;
  /** What to check when the answer is not the expected JSON. */
  badAnswerFix: string;
}

const OIDC_TIMEOUT_MS = 30_000;

export async function requestOidcToken(endpoint: OidcEndpoint, context: AssertionRequestContext): Promise<string> {
  const http = withRetries(await context.http(), tokenRetryPolicy(), { logger: context.logger });
  let response: HttpResponse;
  try {
    response = await http.send({ timeoutMs: OIDC_TIMEOUT_MS, ...endpoint.request });
  } catch (error) {
    throw new FederatedTokenError(`Could not reach ${endpoint.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (response.status !== 200) throw new FederatedTokenError(endpoint.statusError(response.status));
  const token = jsonMember(response.body, endpoint.member);
  if (token === undefined) {
    const what = isJsonObject(response.body) ? `JSON without a '${endpoint.member}' token` : `something that is not JSON (${response.headers["content-type"] ?? "no content type"})`;
    throw new FederatedTokenError(`${endpoint.name} answered HTTP 200 with ${what}; ${endpoint.badAnswerFix}`);
  }
  return token;
}

function jsonMember(body: string, member: string): string | undefined {
  try {
    const value = (JSON.parse(body) as Record<string, unknown> | null)?.[member];
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  } catch {
    return undefined;
  }
}

function isJsonObject(body: string): boolean {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === "object" && value !== null;
  } catch {
    return false;
  }
}

/** Names the variables of `names` that are unset or empty. */
export function missingVariables(env: AssertionRequestContext["env"], names: readonly string[]): string[] {
  return names.filter((name) => !env[name]);
}
