// GitHub Actions' OIDC token, asked for as @actions/core's getIDToken asks: GET ACTIONS_ID_TOKEN_REQUEST_URL
// with `&audience=<audience>` appended, `Authorization: Bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN`, answer
// `{"value": "<jwt>"}`. Both variables are read at each request; GitHub sets them only for jobs with
// `permissions: id-token: write`.
import { missingVariables, requestOidcToken } from "./oidc-request.js";
import { FederatedTokenError, type AssertionProvider, type AssertionRequestContext } from "./provider.js";

const URL_VARIABLE = "ACTIONS_ID_TOKEN_REQUEST_URL";
const TOKEN_VARIABLE = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";
const ENDPOINT = `GitHub Actions' OIDC endpoint (${URL_VARIABLE})`;

export async function fetchGitHubActionsToken(provider: Extract<AssertionProvider, { kind: "github" }>, context: AssertionRequestContext): Promise<string> {
  const missing = missingVariables(context.env, [URL_VARIABLE, TOKEN_VARIABLE]);
  if (missing.length > 0) {
    throw new FederatedTokenError(
      `${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set: GitHub Actions sets ${URL_VARIABLE} and ${TOKEN_VARIABLE} only for jobs with ` +
        "`permissions: id-token: write`; add it to the workflow or the job.",
    );
  }
  return requestOidcToken(
    {
      name: ENDPOINT,
      request: {
        method: "GET",
        url: `${context.env[URL_VARIABLE]}&audience=${encodeURIComponent(provider.audience)}`,
        headers: { Authorization: `Bearer ${context.env[TOKEN_VARIABLE]}`, Accept: "application/json" },
      },
      member: "value",
      statusError: (status) =>
        status === 401 || status === 403
          ? `${ENDPOINT} refused ${TOKEN_VARIABLE} (HTTP ${status}): it belongs to another job or has expired; run the login in the job that needs it, with \`permissions: id-token: write\`.`
          : `${ENDPOINT} answered HTTP ${status}; check ${URL_VARIABLE} (it must be the one GitHub Actions set) and retry.`,
      badAnswerFix: `check that ${URL_VARIABLE} is the one GitHub Actions set.`,
    },
    context,
  );
}
