// Confidential-client authentication for client_credentials: a secret, a certificate-signed assertion (RS256,
// checked against the registered certificates), a federated token registered as valid, or a federated token
// the fake's CI/Kubernetes issuers signed that matches a federated identity credential. Time checks use the
// fake's clock.
import { createPublicKey, X509Certificate } from "node:crypto";
import { aadError, assertionTimeRangeText, type AadErrorBody } from "../aadsts.js";
import { spObjectId, type FakeServicePrincipal } from "../directory.js";
import { certificateThumbprint, decodeJwt, verifyJwtSignature, type JwtPayload } from "../jwt.js";
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
    const problem = sp ? checkAssertion(state, sp, form.client_assertion) : undefined;
    return problem ? fail(problem.code, problem.description) : accepted;
  }
  return fail(7000218);
}

type AssertionProblem = { code: number; description?: string };

/** The AADSTS code (and text) that rejects this assertion, or undefined when it is acceptable. */
function checkAssertion(state: FakeState, sp: FakeServicePrincipal, assertion: string): AssertionProblem | undefined {
  const decoded = decodeJwt(assertion);
  const timeRange = () => outsideTimeRange(decoded?.payload ?? {}, state.now());
  if (sp.federatedTokens?.includes(assertion)) return timeRange();
  if (sp.federatedCredentials?.length && decoded && verifyJwtSignature(assertion, createPublicKey(state.signingKey))) {
    const { iss, sub, aud } = decoded.payload;
    const audiences = Array.isArray(aud) ? aud : [aud];
    const trusted = sp.federatedCredentials.some((c) => c.issuer === iss && c.subject === sub && audiences.includes(c.audience));
    if (!trusted) {
      const description = `No matching federated identity record found for presented assertion. Assertion Issuer: '${String(iss)}'. Assertion Subject: '${String(sub)}'. Assertion Audience: '${audiences.join(",")}'.`;
      return { code: 70021, description };
    }
    return timeRange();
  }
  if (sp.certificates?.length) {
    if (!decoded) return { code: 50027 };
    const certs = sp.certificates.map((pem) => new X509Certificate(pem));
    // Prefer the certificate the header names; fall back to trying all (some clients omit x5t).
    const named = certs.filter((c) => certificateThumbprint(c) === decoded.header.x5t);
    const signedBy = (named.length ? named : certs).find((c) => verifyJwtSignature(assertion, c));
    if (!signedBy) return { code: 700027 };
    if (decoded.payload.iss !== sp.clientId || decoded.payload.sub !== sp.clientId) return { code: 700027 };
    return timeRange();
  }
  // Federated tokens or credentials are registered but this is not one of them.
  if (sp.federatedTokens?.length || sp.federatedCredentials?.length) return { code: 70021 };
  return undefined;
}

/** AADSTS700024, with Entra's full text, for an assertion used after its `exp` or before its `nbf`. */
function outsideTimeRange(claims: JwtPayload, nowMs: number): AssertionProblem | undefined {
  const expired = typeof claims.exp === "number" && claims.exp * 1000 < nowMs;
  const early = typeof claims.nbf === "number" && claims.nbf * 1000 > nowMs;
  return expired || early ? { code: 700024, description: assertionTimeRangeText(nowMs, claims) } : undefined;
}

function fail(code: number, description?: string): ClientAuthResult {
  return { ok: false, error: aadError(code, description ? { description } : {}) };
}
