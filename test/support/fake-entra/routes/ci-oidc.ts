// The CI systems' OIDC token endpoints, as their clients call them:
//  - GitHub Actions: GET ACTIONS_ID_TOKEN_REQUEST_URL (…/idtoken?api-version=2.0) + `&audience=…`, Authorization:
//    Bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN → {"count": n, "value": "<jwt>"};
//  - Azure DevOps: POST SYSTEM_OIDCREQUESTURI (…/oidctoken) ?api-version=7.1&serviceConnectionId=…, Authorization:
//    Bearer SYSTEM_ACCESSTOKEN → {"oidcToken": "<jwt>"}; an expired or wrong access token gets 401, as with
//    X-TFS-FedAuthRedirect: Suppress (without it Azure DevOps redirects to a sign-in page).
import { bearerToken, sendJson, type RequestContext } from "../context.js";
import { AZURE_DEVOPS_ISSUER_PREFIX, FEDERATED_AUDIENCE, GITHUB_ISSUER } from "../directory.js";
import { mintFederatedToken } from "../federation.js";
import type { FakeState } from "../state.js";
import type { Route } from "./route.js";

export const GITHUB_OIDC_HOST = "pipelines.actions.githubusercontent.com";
export const AZURE_DEVOPS_HOST = "dev.azure.com";

const NOT_AUTHORISED = (message: string) => ({ $id: "1", innerException: null, message, typeName: "Microsoft.TeamFoundation.Framework.Server.UnauthorizedRequestException", typeKey: "UnauthorizedRequestException", errorCode: 0, eventId: 3000 });

function githubIdToken(ctx: RequestContext, state: FakeState): void {
  const { ciOidc } = state.settings;
  if (bearerToken(ctx) !== ciOidc.githubRequestToken) {
    sendJson(ctx, 401, { message: "Unauthorized" });
    return;
  }
  // Without an audience GitHub uses the repository owner's URL.
  const audience = ctx.query.audience ?? "https://github.com/contoso";
  const value = mintFederatedToken(state, { issuer: GITHUB_ISSUER, subject: ciOidc.githubSubject, audience, extra: { repository: "contoso/app", ref: "refs/heads/main" } });
  sendJson(ctx, 200, { count: state.federatedTokensIssued, value });
}

function azureDevOpsOidcToken(ctx: RequestContext, state: FakeState): void {
  const { ciOidc } = state.settings;
  const expired = ciOidc.azurePipelinesAccessTokenExpiresAt !== null && state.now() >= ciOidc.azurePipelinesAccessTokenExpiresAt;
  if (bearerToken(ctx) !== ciOidc.azurePipelinesAccessToken || expired) {
    sendJson(ctx, 401, NOT_AUTHORISED("TF400813: The user '' is not authorized to access this resource."));
    return;
  }
  const subject = ciOidc.serviceConnections[ctx.query.serviceConnectionId ?? ""];
  if (ctx.query["api-version"] !== "7.1" || !subject) {
    sendJson(ctx, 400, { $id: "1", innerException: null, message: `Service connection '${ctx.query.serviceConnectionId ?? ""}' was not found.`, errorCode: 0 });
    return;
  }
  const oidcToken = mintFederatedToken(state, { issuer: `${AZURE_DEVOPS_ISSUER_PREFIX}${ciOidc.azureDevOpsOrganizationId}`, subject, audience: FEDERATED_AUDIENCE });
  sendJson(ctx, 200, { oidcToken });
}

export const ciOidcRoutes: Route[] = [
  {
    name: "github-idtoken",
    family: "ci",
    method: "GET",
    path: /\/_apis\/distributedtask\/hubs\/Actions\/plans\/[^/]+\/jobs\/[^/]+\/idtoken$/,
    handle: githubIdToken,
  },
  {
    name: "azure-pipelines-oidctoken",
    family: "ci",
    method: "POST",
    path: /^\/[^/]+\/[^/]+\/_apis\/distributedtask\/hubs\/build\/plans\/[^/]+\/jobs\/[^/]+\/oidctoken$/,
    handle: azureDevOpsOidcToken,
  },
];
