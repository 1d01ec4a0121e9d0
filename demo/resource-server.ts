// A small API on loopback that accepts a request only with a valid bearer token, checked the way a real
// resource server checks an Entra token: RS256 signature against the issuer's published keys, audience,
// expiry and tenant.
import { createPublicKey, createVerify, type JsonWebKey } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ResourceServer {
  url: string;
  close(): Promise<void>;
}

interface Jwks {
  keys: Record<string, unknown>[];
}

export async function startResourceServer(options: { audience: string; tenant: string; jwks: Jwks }): Promise<ResourceServer> {
  const server: Server = createServer((request, response) => {
    const verdict = checkBearer(request.headers.authorization, options);
    response.writeHead(verdict.ok ? 200 : 401, { "content-type": "application/json" });
    response.end(JSON.stringify(verdict.ok ? { message: `hello, ${verdict.subject}`, tenant: options.tenant } : { error: verdict.reason }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/hello`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

type Verdict = { ok: true; subject: string } | { ok: false; reason: string };

function checkBearer(header: string | undefined, options: { audience: string; tenant: string; jwks: Jwks }): Verdict {
  const match = /^Bearer (\S+)$/.exec(header ?? "");
  if (!match) return { ok: false, reason: "missing bearer token" };
  const [headerPart, payloadPart, signature] = match[1]!.split(".");
  if (!headerPart || !payloadPart || !signature) return { ok: false, reason: "malformed token" };
  const jose = JSON.parse(Buffer.from(headerPart, "base64url").toString()) as { alg?: string; kid?: string };
  const jwk = options.jwks.keys.find((key) => key.kid === jose.kid);
  if (jose.alg !== "RS256" || !jwk) return { ok: false, reason: "unknown signing key" };
  const verifier = createVerify("RSA-SHA256");
  verifier.update(`${headerPart}.${payloadPart}`);
  if (!verifier.verify(createPublicKey({ key: jwk as JsonWebKey, format: "jwk" }), Buffer.from(signature, "base64url"))) {
    return { ok: false, reason: "bad signature" };
  }
  const claims = JSON.parse(Buffer.from(payloadPart, "base64url").toString()) as { aud?: string; exp?: number; tid?: string; oid?: string; sub?: string };
  if (claims.aud !== options.audience) return { ok: false, reason: `wrong audience ${claims.aud}` };
  if (typeof claims.exp !== "number" || claims.exp * 1000 < Date.now()) return { ok: false, reason: "expired" };
  if (claims.tid !== options.tenant) return { ok: false, reason: "wrong tenant" };
  return { ok: true, subject: claims.oid ?? claims.sub ?? "unknown" };
}
