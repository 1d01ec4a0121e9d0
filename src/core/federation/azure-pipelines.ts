// Azure Pipelines' OIDC token, asked for exactly as @azure/identity's AzurePipelinesCredential asks:
// POST `${SYSTEM_OIDCREQUESTURI}?api-version=7.1&serviceConnectionId=<id>` with `Content-Type: application/json`,
// `Authorization: Bearer SYSTEM_ACCESSTOKEN` and `X-TFS-FedAuthRedirect: Suppress` (a 401 instead of a redirect
// to a sign-in page), answer `{"oidcToken": "<jwt>"}`. Both variables are read at each request.
import { missingVariables, requestOidcToken } from "./oidc-request.js";
import { FederatedTokenError, type AssertionProvider, type AssertionRequestContext } from "./provider.js";

const URI_VARIABLE = "SYSTEM_OIDCREQUESTURI";
const TOKEN_VARIABLE = "SYSTEM_ACCESSTOKEN";
const OIDC_API_VERSION = "7.1";
const ENDPOINT = `Azure Pipelines' OIDC endpoint (${URI_VARIABLE})`;

export async function fetchAzurePipelinesToken(
  provider: Extract<AssertionProvider, { kind: "azure-pipelines" }>,
  context: AssertionRequestContext,
): Promise<string> {
  if (missingVariables(context.env, [URI_VARIABLE]).length > 0) {
    throw new FederatedTokenError(`${URI_VARIABLE} is not set: Azure Pipelines sets it in pipeline jobs; run the login in a pipeline step.`);
  }
  if (missingVariables(context.env, [TOKEN_VARIABLE]).length > 0) {
    throw new FederatedTokenError(`${TOKEN_VARIABLE} is not set: map it into the step's environment (env: ${TOKEN_VARIABLE}: $(System.AccessToken)).`);
  }
  return requestOidcToken(
    {
      name: ENDPOINT,
      request: {
        method: "POST",
        url: `${context.env[URI_VARIABLE]}?api-version=${OIDC_API_VERSION}&serviceConnectionId=${provider.serviceConnectionId}`,
        headers: {
          "Content-Type": "application/json",
          Authorization: `Bearer ${context.env[TOKEN_VARIABLE]}`,
          "X-TFS-FedAuthRedirect": "Suppress",
        },
      },
      member: "oidcToken",
      statusError: (status) =>
        status === 401 || status === 403
          ? `${ENDPOINT} refused ${TOKEN_VARIABLE} (HTTP ${status}): it has expired or is not this job's; map the current job's $(System.AccessToken) into ${TOKEN_VARIABLE}.`
          : `${ENDPOINT} answered HTTP ${status} for service connection ${provider.serviceConnectionId}; check the service connection id and that the pipeline may use it.`,
      badAnswerFix: `check that ${URI_VARIABLE} is the one Azure Pipelines set.`,
    },
    context,
  );
}
