// Token request failures as the latest az reports them (docs/compatibility.md#entra-errors, azure-cli auth/util.py
// aad_error_handler): Entra's error_description verbatim (its \r\n kept), then a recommendation; everything else
// (network, MSAL client errors) on one redacted line. Pure: no MSAL import, so it is cheap to test.
import { AzError, NetworkError } from "../errors.js";
import { redact } from "../redact.js";

/** The error members of a token endpoint answer. */
export interface EntraErrorBody {
  error?: unknown;
  error_description?: unknown;
  error_codes?: unknown;
}

/** What az's `check_result(result, tenant=..., scopes=...)` knows: users pass both, service principals neither. */
export interface LoginHint {
  tenant?: string;
  scopes?: readonly string[];
}

const INVALID_CLIENT_SECRET = 7000215;

export const PASSWORD_CERTIFICATE_WARNING =
  "The error may be caused by passing a service principal certificate with --password. " +
  "Please note that --password no longer accepts a service principal certificate. " +
  "To pass a service principal certificate, use --certificate instead.";

const LOGIN_INTRO = "Run the command below to authenticate interactively; additional arguments may be added as needed:";

/** az's _generate_login_command: always `az logout` first; each value double-quoted. */
export function loginCommand(hint: LoginHint): string {
  const words = ["az login"];
  if (hint.tenant) words.push("--tenant", `"${hint.tenant}"`);
  if (hint.scopes && hint.scopes.length > 0) words.push("--scope", ...hint.scopes.map((scope) => `"${scope}"`));
  return `az logout\n${words.join(" ")}`;
}

export function isEntraError(body: unknown): body is EntraErrorBody {
  return typeof body === "object" && body !== null && typeof (body as EntraErrorBody).error === "string";
}

/** An Entra error answer → `ERROR: <error_description>` plus az's recommendation, rc 1. */
export function entraError(body: EntraErrorBody, hint: LoginHint): AzError {
  const codes = Array.isArray(body.error_codes) ? body.error_codes.map(Number) : [];
  const recommendation = codes.includes(INVALID_CLIENT_SECRET) ? PASSWORD_CERTIFICATE_WARNING : `${LOGIN_INTRO}\n${loginCommand(hint)}`;
  // az prints None for a missing description; the error code says more.
  const description = typeof body.error_description === "string" ? body.error_description : String(body.error);
  return new AzError(redact(description), { recommendation });
}

export interface FailedTokenRequest {
  /** What MSAL (or our code) threw. */
  error: unknown;
  /** The token endpoint's answer, when one arrived. */
  answer?: { status: number; body: unknown } | undefined;
  /** The transport failure behind MSAL's generic network error, when there was one. */
  networkError?: NetworkError | undefined;
  /** Host of the token endpoint, for the one-line messages. */
  host: string;
  hint: LoginHint;
}

/** Turns any failure of a token request into the AzError the CLI prints. */
export function tokenRequestError(failure: FailedTokenRequest): AzError {
  const { answer, host } = failure;
  if (answer && isEntraError(answer.body)) return entraError(answer.body, failure.hint);
  if (failure.networkError) return failure.networkError;
  if (failure.error instanceof AzError) return failure.error;
  if (answer && answer.status >= 400) return new NetworkError(`Token request to ${host} failed: HTTP ${answer.status}`);
  return new AzError(`Could not get a token from ${host}: ${describeMsalError(failure.error)}`);
}

/** `<errorCode>: <first line of the message>` for MSAL's AuthError family, the first line otherwise; redacted. */
function describeMsalError(error: unknown): string {
  const { errorCode, errorMessage, message } = (error ?? {}) as { errorCode?: unknown; errorMessage?: unknown; message?: unknown };
  const text = typeof errorMessage === "string" && errorMessage ? errorMessage : typeof message === "string" ? message : String(error);
  const firstLine = text.split(/\r?\n/)[0]!.trim();
  const withCode = typeof errorCode === "string" && errorCode && !firstLine.startsWith(errorCode) ? `${errorCode}: ${firstLine}` : firstLine;
  return redact(withCode);
}
