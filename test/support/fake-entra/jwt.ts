// Minimal RS256 JWT signing/verification for the fake's tokens and for checking client-assertion JWTs.
import { createHash, createPublicKey, createSign, createVerify, X509Certificate, type KeyObject } from "node:crypto";

export type JwtPayload = Record<string, unknown>;

export function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString("base64url");
}

export function decodeJwt(token: string): { header: JwtPayload; payload: JwtPayload } | undefined {
  const [header, payload] = token.split(".");
  if (!header || !payload) return undefined;
  try {
    return {
      header: JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as JwtPayload,
      payload: JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as JwtPayload,
    };
  } catch {
    return undefined;
  }
}

export function signJwt(payload: JwtPayload, key: KeyObject, kid: string): string {
  const head = base64url(JSON.stringify({ typ: "JWT", alg: "RS256", kid }));
  const body = base64url(JSON.stringify(payload));
  const signature = createSign("RSA-SHA256").update(`${head}.${body}`).sign(key);
  return `${head}.${body}.${base64url(signature)}`;
}

/** True when `token` is an RS256 JWT whose signature verifies with `key`. Claims are the caller's business. */
export function verifyJwtSignature(token: string, key: KeyObject | X509Certificate): boolean {
  const parts = token.split(".");
  if (parts.length !== 3 || decodeJwt(token)?.header.alg !== "RS256") return false;
  const publicKey = key instanceof X509Certificate ? key.publicKey : key;
  return createVerify("RSA-SHA256")
    .update(`${parts[0]}.${parts[1]}`)
    .verify(publicKey, Buffer.from(parts[2]!, "base64url"));
}

/** base64url SHA-1 of the certificate DER: the `x5t` header MSAL puts in certificate assertions. */
export function certificateThumbprint(cert: X509Certificate): string {
  return createHash("sha1").update(cert.raw).digest("base64url");
}

/** The signing key as a JWKS document, so a resource server (the demo) can verify the fake's tokens. */
export function jwksFor(key: KeyObject, kid: string): { keys: JwtPayload[] } {
  const jwk = createPublicKey(key).export({ format: "jwk" });
  return { keys: [{ kty: "RSA", use: "sig", kid, x5t: kid, n: jwk.n, e: jwk.e, alg: "RS256" }] };
}
