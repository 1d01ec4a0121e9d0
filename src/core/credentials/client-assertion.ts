// A service principal's certificate as az uses it (ServicePrincipalAuth + MSAL's JwtAssertionCreator): one PEM
// file with the private key and the certificate(s); the client assertion is an RS256 JWT for the token endpoint
// whose x5t is the SHA-1 thumbprint of the first certificate, and with use_cert_sn_issuer (subject name/issuer
// auth) every certificate of the file goes in x5c.
import { createHash, createPrivateKey, createSign, randomUUID, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { AzError } from "../errors.js";

/** How long a signed assertion is valid, as in MSAL. */
const ASSERTION_LIFETIME_SECONDS = 600;

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/gi;

export interface CertificateSigner {
  privateKey: KeyObject;
  /** DER bytes of each certificate in the file, in file order. */
  certificates: Buffer[];
  sendX5c: boolean;
}

/** Reads and checks the PEM file up front, so a broken certificate fails before any lock or request. */
export function loadCertificate(path: string, sendX5c: boolean): CertificateSigner {
  try {
    const pem = readFileSync(path, "utf8");
    const certificates = [...pem.matchAll(PEM_CERTIFICATE)].map((match) => Buffer.from(match[1]!.replace(/\s+/g, ""), "base64"));
    if (certificates.length === 0) throw new Error("no certificate in the file");
    return { privateKey: createPrivateKey(pem), certificates, sendX5c };
  } catch (error) {
    const detail = (error as NodeJS.ErrnoException).code === "ENOENT" ? `No such file: ${path}` : (error as Error).message.split("\n")[0];
    throw new AzError(`Invalid certificate, please use a valid PEM file. Error detail: ${detail}`);
  }
}

/** The signed client assertion for `audience` (the token endpoint), issued now. */
export function signClientAssertion(signer: CertificateSigner, clientId: string, audience: string, nowMs: number): string {
  const now = Math.floor(nowMs / 1000);
  const header: Record<string, unknown> = { alg: "RS256", typ: "JWT", x5t: createHash("sha1").update(signer.certificates[0]!).digest("base64url") };
  if (signer.sendX5c) header.x5c = signer.certificates.map((der) => der.toString("base64"));
  const claims = { aud: audience, exp: now + ASSERTION_LIFETIME_SECONDS, iss: clientId, jti: randomUUID(), nbf: now, sub: clientId, iat: now };
  const input = `${base64UrlJson(header)}.${base64UrlJson(claims)}`;
  const signature = createSign("RSA-SHA256").update(input).sign(signer.privateKey).toString("base64url");
  return `${input}.${signature}`;
}

function base64UrlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}
