// base64url-encoded JSON as Entra ID hands it out: the claims of a JWT (read without verifying the signature,
// as az's jwt.decode and MSAL do: the token came straight from the token endpoint over TLS) and MSAL's
// client_info. The one decoder for both.

/** The JSON object in a base64url text (padding optional); undefined for anything else. */
export function decodeBase64UrlJson(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A JWT's payload (its second part), unverified; undefined when the token is not a JWT with an object payload. */
export function jwtClaims(token: string | undefined): Record<string, unknown> | undefined {
  return decodeBase64UrlJson(token?.split(".")[1]);
}
