// Entra (AAD) error bodies. The Trace ID / Correlation ID / Timestamp lines are fixed so outputs are byte-stable
// and match the golden captures (az-golden/README.md, FAKE_FAIL).

const TRACE_ID = "0000";
const CORRELATION_ID = "1111";
const TIMESTAMP = "2026-01-01 00:00:00Z";

/** Descriptions of the AADSTS codes tests are likely to ask for; any other code gets a generic text. */
const DESCRIPTIONS: Record<number, { error: string; text: string }> = {
  700082: { error: "invalid_grant", text: "The refresh token has expired due to inactivity." },
  50173: { error: "invalid_grant", text: "The provided grant has expired due to it being revoked, a fresh auth token is needed." },
  50076: { error: "invalid_grant", text: "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '797f4846-ba00-4fd7-ba43-dac1f8f63013'." },
  50126: { error: "invalid_grant", text: "Error validating credentials due to invalid username or password." },
  50034: { error: "invalid_grant", text: "The user account does not exist in the directory." },
  65001: { error: "invalid_grant", text: "The user or administrator has not consented to use the application." },
  70000: { error: "invalid_grant", text: "The provided value for the 'code' parameter is not valid." },
  70008: { error: "invalid_grant", text: "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource." },
  501481: { error: "invalid_grant", text: "The Code_Verifier does not match the code_challenge supplied in the authorization request." },
  70016: { error: "authorization_pending", text: "OAuth 2.0 device flow error. Authorization is pending. Continue polling." },
  70019: { error: "expired_token", text: "Verification code expired." },
  70020: { error: "expired_token", text: "The device code has expired." },
  70049: { error: "slow_down", text: "OAuth 2.0 device flow error. The client is polling too frequently. Slow down." },
  70011: { error: "invalid_scope", text: "The provided request must include a 'scope' input parameter." },
  1002012: { error: "invalid_scope", text: "The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)." },
  500011: { error: "invalid_resource", text: "The resource principal was not found in the tenant." },
  90002: { error: "invalid_request", text: "Tenant not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud." },
  900144: { error: "invalid_request", text: "The request body must contain the following parameter: 'client_id'." },
  70003: { error: "unsupported_grant_type", text: "The app requested an unsupported grant type." },
  700016: { error: "unauthorized_client", text: "Application was not found in the directory." },
  7000215: { error: "invalid_client", text: "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app." },
  700024: { error: "invalid_client", text: "Client assertion is not within its valid time range." },
  700027: { error: "invalid_client", text: "Client assertion failed signature validation." },
  70021: { error: "invalid_client", text: "No matching federated identity record found for presented assertion." },
  7000218: { error: "invalid_client", text: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'." },
  50027: { error: "invalid_request", text: "JWT token is invalid or malformed." },
  500112: { error: "invalid_grant", text: "The reply address does not match the reply address provided when requesting the authorization code." },
  9002313: { error: "invalid_grant", text: "Invalid request. Request is malformed or invalid." },
  7000222: { error: "invalid_client", text: "The provided client secret keys are expired." },
  50000: { error: "temporarily_unavailable", text: "There was an error issuing a token or an issue with our sign-in service." },
  50020: { error: "invalid_grant", text: "User account from identity provider does not exist in tenant and cannot access the application." },
};

export interface AadErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

/** The JSON body Entra sends for a failed token request: `AADSTS<code>: <text>` plus the fixed trace lines. */
export function aadError(code: number, override: { error?: string; description?: string } = {}): AadErrorBody {
  const known = DESCRIPTIONS[code];
  const text = override.description ?? known?.text ?? "The request could not be completed (fake-entra).";
  return {
    error: override.error ?? known?.error ?? "invalid_request",
    error_description: `AADSTS${code}: ${text}\r\nTrace ID: ${TRACE_ID}\r\nCorrelation ID: ${CORRELATION_ID}\r\nTimestamp: ${TIMESTAMP}`,
    error_codes: [code],
    timestamp: TIMESTAMP,
    trace_id: TRACE_ID,
    correlation_id: CORRELATION_ID,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  };
}

/** Entra's time format in error texts: seven fractional digits, e.g. 2024-04-05T23:01:54.2089203Z. */
function entraTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");
}

/**
 * AADSTS700024's text as Entra writes it (the line az users see when a stored federated token has expired):
 * `valid from` is the assertion's nbf, or the epoch when it has none.
 */
export function assertionTimeRangeText(nowMs: number, claims: { nbf?: unknown; exp?: unknown }): string {
  const seconds = (value: unknown) => (typeof value === "number" ? value * 1000 : 0);
  return (
    `Client assertion is not within its valid time range. Current time: ${entraTime(nowMs)}, ` +
    `assertion valid from ${entraTime(seconds(claims.nbf))}, expiry time of assertion ${entraTime(seconds(claims.exp))}. ` +
    "Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials ."
  );
}

/** HTTP status Entra uses for an error: client authentication failures are 401, the rest 400. */
export function aadStatus(body: { error: string }): number {
  return body.error === "invalid_client" ? 401 : 400;
}

/** The AADSTS code a caller meant by an OAuth error name alone (e.g. `failNext("token", {status: 400, error: "invalid_grant"})`). */
export function defaultCodeFor(error: string | undefined): number {
  const byError: Record<string, number> = {
    invalid_grant: 700082,
    invalid_client: 7000215,
    authorization_pending: 70016,
    slow_down: 70049,
    expired_token: 70020,
    invalid_scope: 70011,
    unauthorized_client: 700016,
    interaction_required: 50076,
  };
  return (error && byError[error]) || 700082;
}
