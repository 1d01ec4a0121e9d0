// The App Service managed-identity protocol (api-version 2019-08-01), as every Azure SDK's
// ManagedIdentityCredential speaks it when IDENTITY_ENDPOINT and IDENTITY_HEADER are set:
//   GET {IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=R[&client_id=C]   X-IDENTITY-HEADER: {IDENTITY_HEADER}
//   200 {"access_token","expires_on" (epoch seconds as a string),"resource","token_type","client_id"}
//   4xx/5xx {"statusCode","message","correlationId"} (msal-node reads message and correlationId)
import { randomUUID } from "node:crypto";
import type { ServeRequest, ServeResponse } from "../../infra/serve-types.js";
import { describeFailure, jsonResponse, withToken, type Protocol, type ProtocolContext, type RequestRecord } from "./protocol.js";

export const APP_SERVICE_PATH = "/msi/token";
export const APP_SERVICE_API_VERSION = "2019-08-01";
/** App Service's own words when the identity a request names is not the app's. */
const UNKNOWN_IDENTITY = "Unable to load the proper Managed Identity.";
/** The other ways 2019-08-01 names a user-assigned identity; we cannot match them against the account. */
const OTHER_IDENTITY_PARAMETERS = ["principal_id", "object_id", "mi_res_id", "msi_res_id"];

export function appServiceError(status: number, message: string): ServeResponse {
  return jsonResponse(status, { statusCode: status, message, correlationId: randomUUID() });
}

export function appServiceProtocol(context: ProtocolContext): Protocol {
  return {
    refusal: appServiceError,
    handle(request: ServeRequest, query: URLSearchParams, record: RequestRecord) {
      if (request.method !== "GET") return appServiceError(405, `${request.method} is not supported; use GET.`);
      const resource = query.get("resource") ?? "";
      record.resource = resource || undefined;
      if (!context.secretMatches(headerValue(request.headers["x-identity-header"]))) {
        return appServiceError(401, "The X-IDENTITY-HEADER header is missing or wrong: use the IDENTITY_HEADER this server printed.");
      }
      const apiVersion = query.get("api-version");
      if (apiVersion !== APP_SERVICE_API_VERSION) {
        return appServiceError(400, `api-version '${apiVersion ?? ""}' is not supported; use ${APP_SERVICE_API_VERSION}.`);
      }
      if (!resource) return appServiceError(400, "Required query parameter 'resource' is missing.");
      const clientId = query.get("client_id");
      if (clientId !== null && clientId.toLowerCase() !== context.clientId?.toLowerCase()) {
        return appServiceError(400, `${UNKNOWN_IDENTITY} This server issues tokens to client id ${context.clientId ?? "(unknown)"}, not ${clientId}.`);
      }
      const other = OTHER_IDENTITY_PARAMETERS.find((name) => query.has(name));
      if (other) return appServiceError(400, `${UNKNOWN_IDENTITY} Name the identity with client_id, not ${other}.`);
      const scopes = [`${resource}/.default`];
      if (!context.allowList.allows(scopes)) return appServiceError(403, `Resource '${resource}' is not in this server's allow-list.`);

      const answer = withToken(context.tokens.get({ scopes }), (token) =>
        jsonResponse(200, {
          access_token: token.token,
          expires_on: String(token.expiresOn),
          resource,
          token_type: "Bearer",
          ...(context.clientId ? { client_id: context.clientId } : {}),
        }),
      );
      return answer instanceof Promise
        ? answer.catch((error: unknown) => {
            const failure = describeFailure(error);
            return appServiceError(failure.status, failure.message);
          })
        : answer;
    },
  };
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
