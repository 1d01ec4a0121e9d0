// Confidential-client authentication for client_credentials: a secret, a certificate-signed assertion (RS256,
// checked against the registered certificates) or a federated token registered as valid.
import { X509Certificate } from "node:crypto";
import { aadError, type AadErrorBody } from "../aadsts.js";
import { spObjectId, type FakeServicePrincipal } from "../directory.js";
import { certificateThumbprint, decodeJwt, verifyJwtSignature } from "../jwt.js";
import type { FakeState } from "../state.js";

export const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export type ClientAuthResult = { ok: true; clientId: string; objectId: string; tenantId?: string } | { ok: false; error: AadErrorBody };

export function authenticateClient(state: FakeState, form: Record<string, string>): ClientAuthResult {
  const clientId = form.client_id ?? "";
  const sp = state.directory.servicePrincipal(clientId);
  if (!sp && state.settings.strictClients) {
    return fail(700016, `Application with identifier '${clientId}' was not found in the directory.`);
  }
  const accepted: ClientAuthResult = sp
    ? { ok: true, clientId: sp.clientId, objectId: spObjectId(sp), tenantId: sp.tenantId }
    : { ok: true, clientId, objectId: `sp-${clientId}` };

  if (form.client_secret !== undefined) {
    return !sp?.secrets || sp.secrets.includes(form.client_secret) ? accepted : fail(7000215);
  }
  if (form.client_assertion !== undefined) {
    if (form.client_assertion_type !== JWT_BEARER) {
      return fail(50027, `client_assertion_type must be '${JWT_BEARER}'.`);
    }
    const problem = sp ? checkAssertion(sp, form.client_assertion) : undefined;
    return problem ? fail(problem) : accepted;
  }
  return fail(7000218);
}

/** The AADSTS code that rejects this assertion, or undefined when it is acceptable. */
function checkAssertion(sp: FakeServicePrincipal, assertion: string): number | undefined {
  const decoded = decodeJwt(assertion);
  const expired = typeof decoded?.payload.exp === "number" && decoded.payload.exp * 1000 < Date.now();
  if (sp.federatedTokens?.includes(assertion)) return expired ? 700024 : undefined;
  if (sp.certificates?.length) {
    if (!decoded) return 50027;
    const certs = sp.certificates.map((pem) => new X509Certificate(pem));
    // Prefer the certificate the header names; fall back to trying all (some clients omit x5t).
    const named = certs.filter((c) => certificateThumbprint(c) === decoded.header.x5t);
    const signedBy = (named.length ? named : certs).find((c) => verifyJwtSignature(assertion, c));
    if (!signedBy) return 700027;
    if (decoded.payload.iss !== sp.clientId || decoded.payload.sub !== sp.clientId) return 700027;
    return expired ? 700024 : undefined;
  }
  // Federated tokens are registered but this is not one of them.
  if (sp.federatedTokens?.length) return 70021;
  return undefined;
}

function fail(code: number, description?: string): ClientAuthResult {
  return { ok: false, error: aadError(code, description ? { description } : {}) };
}
