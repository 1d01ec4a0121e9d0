// azd's external authentication (azure-dev cli/azd/docs/external-authentication.md, pkg/auth/remote_credential.go):
//   POST {AZD_AUTH_ENDPOINT}/token?api-version=2023-07-12-preview   Authorization: Bearer {AZD_AUTH_KEY}
//   body {"scopes": [...], "tenantId"?: "..."}
//   200 {"status":"success","token","expiresOn" (RFC 3339)} or 200 {"status":"error","code","message"}, code
//   GetTokenError or NotSignedInError. Anything but 200 is a failure of the server itself to azd.
import type { ServeRequest, ServeResponse } from "../../infra/serve-types.js";
import { BodyTooLargeError } from "../../infra/serve-types.js";
import { headerValue } from "./app-service.js";
import { describeFailure, jsonResponse, withToken, type Protocol, type ProtocolContext, type RequestRecord } from "./protocol.js";

export const AZD_PATH = "/token";
export const AZD_API_VERSION = "2023-07-12-preview";
const MAX_BODY_BYTES = 64 * 1024;

interface AzdTokenRequest {
  scopes: string[];
  tenantId?: string;
}

function azdError(status: number, code: string, message: string): ServeResponse {
  return jsonResponse(status, { status: "error", code, message });
}

export function azdProtocol(context: ProtocolContext): Protocol {
  return {
    refusal: (status, message) => azdError(status, status === 403 ? "Forbidden" : "ServerError", message),
    async handle(request: ServeRequest, query: URLSearchParams, record: RequestRecord) {
      if (request.method !== "POST") return azdError(405, "MethodNotAllowed", `${request.method} is not supported; use POST.`);
      const authorization = headerValue(request.headers.authorization);
      const key = authorization?.startsWith("Bearer ") ? authorization.slice("Bearer ".length) : undefined;
      if (!context.secretMatches(key)) return azdError(401, "Unauthorized", "The Authorization header must be Bearer AZD_AUTH_KEY.");
      if (query.get("api-version") !== AZD_API_VERSION) return azdError(400, "BadRequest", `api-version must be ${AZD_API_VERSION}.`);
      if (!String(headerValue(request.headers["content-type"]) ?? "").toLowerCase().startsWith("application/json")) {
        return azdError(400, "BadRequest", "Content-Type must be application/json.");
      }
      let body: AzdTokenRequest | undefined;
      try {
        body = parseTokenRequest(await request.body(MAX_BODY_BYTES));
      } catch (error) {
        if (error instanceof BodyTooLargeError) return azdError(413, "BadRequest", error.message);
        throw error;
      }
      if (!body) return azdError(400, "BadRequest", 'The body must be {"scopes": ["..."], "tenantId"?: "..."}.');
      record.resource = body.scopes.join(" ");
      if (!context.allowList.allows(body.scopes)) return azdError(403, "Forbidden", `Scopes '${record.resource}' are not in this server's allow-list.`);

      const tenant = body.tenantId && body.tenantId.toLowerCase() !== context.tenantId.toLowerCase() ? body.tenantId : undefined;
      try {
        return await withToken(context.tokens.get({ scopes: body.scopes, ...(tenant ? { tenant } : {}) }), (token) =>
          jsonResponse(200, { status: "success", token: token.token, expiresOn: new Date(token.expiresOn * 1000).toISOString() }),
        );
      } catch (error) {
        // a token that could not be had is still a 200 to azd: it reports the code and message to its user
        const failure = describeFailure(error);
        return azdError(200, failure.notSignedIn ? "NotSignedInError" : "GetTokenError", failure.message);
      }
    },
  };
}

function parseTokenRequest(text: string): AzdTokenRequest | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const { scopes, tenantId } = value as Record<string, unknown>;
  if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every((scope) => typeof scope === "string" && scope !== "")) return undefined;
  if (tenantId !== undefined && tenantId !== null && typeof tenantId !== "string") return undefined;
  return { scopes: scopes as string[], ...(typeof tenantId === "string" && tenantId ? { tenantId } : {}) };
}
