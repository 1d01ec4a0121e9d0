// What the two protocols share: the context they answer from, how a failed token request is described, and
// the record each request leaves for the log line.
import type { ServeRequest, ServeResponse } from "../../infra/serve-types.js";
import type { AccessToken } from "../credentials/types.js";
import { AzError, NetworkError } from "../errors.js";
import { redact } from "../redact.js";
import type { AllowList } from "./guard.js";
import type { TokenMemory } from "./token-memory.js";

export interface ProtocolContext {
  /** True when the request carried this start's secret. */
  secretMatches(given: string | undefined): boolean;
  allowList: AllowList;
  tokens: TokenMemory;
  /** The client id tokens are issued to (Azure CLI's, the service principal's, the managed identity's), if known. */
  clientId: string | undefined;
  /** The served account's tenant: a request naming it asks for the default. */
  tenantId: string;
}

/** Filled in while a request is answered; the server writes it as the request's log line. */
export interface RequestRecord {
  /** The resource or scopes asked for, once known. */
  resource?: string;
}

export interface Protocol {
  /** Answers a request whose Host and Origin were already accepted. */
  handle(request: ServeRequest, query: URLSearchParams, record: RequestRecord): ServeResponse | Promise<ServeResponse>;
  /** The protocol's own shape for a refusal the server decides (403 Host/Origin). */
  refusal(status: number, message: string): ServeResponse;
}

export function jsonResponse(status: number, body: unknown): ServeResponse {
  return { status, body: JSON.stringify(body) };
}

/** Applies `answer` to a token that may already be at hand, without a promise when it is (the cached path). */
export function withToken<T>(token: AccessToken | Promise<AccessToken>, answer: (token: AccessToken) => T): T | Promise<T> {
  return token instanceof Promise ? token.then(answer) : answer(token);
}

export interface TokenFailure {
  /** The HTTP status App Service would give: 400 for an answer from Entra ID, 502 when it could not be reached. */
  status: number;
  message: string;
  /** The sign-in itself is gone (no account, refresh token expired or revoked): `az login` is the fix. */
  notSignedIn: boolean;
}

/** A failed token request as a protocol passes it on: the credential's message, with secrets masked. */
export function describeFailure(error: unknown): TokenFailure {
  if (error instanceof AzError) {
    const text = `${error.message}\n${error.recommendation ?? ""}`;
    return { status: error instanceof NetworkError ? 502 : 400, message: redact(error.message), notSignedIn: /\baz login\b/.test(text) };
  }
  return { status: 500, message: redact(error instanceof Error ? error.message : String(error)), notSignedIn: false };
}
