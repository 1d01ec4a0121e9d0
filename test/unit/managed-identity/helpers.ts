// Stubs for the managed-identity tests: an HttpClient that records requests and answers from a script, and a
// CredentialContext over it with a fixed clock and a logger whose lines are kept.
import type { Cloud } from "../../../src/core/clouds.js";
import type { Logger } from "../../../src/core/logger.js";
import { createLogger } from "../../../src/core/logger.js";
import type { ProfileAccount } from "../../../src/core/profile/profile-file.js";
import type { CredentialContext } from "../../../src/core/credentials/types.js";
import type { Env } from "../../../src/infra/deps.js";
import type { HttpClient, HttpRequest, HttpResponse } from "../../../src/infra/http-types.js";
import type { ManagedIdentitySelector } from "../../../src/core/credentials/managed-identity.js";
import {
  acquireManagedIdentityToken,
  type ManagedIdentityTransportOptions,
} from "../../../src/core/credentials/managed-identity-network.js";

export const NOW_MS = 1_700_000_000_500; // a fractional second, to see floor() at work
export const NOW_S = 1_700_000_000;
export const RESOURCE = "https://management.core.windows.net/";
export const CLIENT_ID = "12345678-aaaa-bbbb-cccc-1234567890ab";
export const OBJECT_ID = "87654321-aaaa-bbbb-cccc-1234567890ab";
export const RESOURCE_ID = "/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1";
export const TOKEN = "eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.sig";

export const SELECTORS: Record<string, ManagedIdentitySelector> = {
  system: { idType: "MSI", id: undefined },
  client: { idType: "MSIClient", id: CLIENT_ID },
  object: { idType: "MSIObject", id: OBJECT_ID },
  resource: { idType: "MSIResource", id: RESOURCE_ID },
};

export type Answer = HttpResponse | Error | ((request: HttpRequest) => HttpResponse | Error | Promise<HttpResponse | Error>);

/** Answers requests in order; the last answer repeats. */
export function stubHttp(...answers: Answer[]): HttpClient & { requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  return {
    requests,
    async send(request) {
      requests.push(request);
      const answer = answers[Math.min(requests.length - 1, answers.length - 1)]!;
      const outcome = typeof answer === "function" ? await answer(request) : answer;
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
  };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) };
}

/** What IMDS answers (az's sample), with `expires_on` consistent with NOW. */
export function imdsBody(extra: Record<string, unknown> = {}) {
  return {
    access_token: TOKEN,
    expires_in: "86399",
    expires_on: String(NOW_S + 86_400),
    ext_expires_in: "86399",
    resource: RESOURCE,
    token_type: "Bearer",
    ...extra,
  };
}

export interface Harness {
  context: CredentialContext;
  stderr: string[];
}

export function harness(env: Env, http: HttpClient, options: { debug?: boolean; nowMs?: () => number } = {}): Harness {
  const stderr: string[] = [];
  const logger: Logger = createLogger({ write: (t) => void stderr.push(t), isTTY: false }, { onlyShowErrors: false, verbose: false, debug: options.debug ?? true });
  const context: CredentialContext = {
    deps: {
      io: { stdout: { write: () => undefined, isTTY: false }, stderr: { write: (t) => void stderr.push(t), isTTY: false }, stdinIsTTY: false, promptSecret: () => Promise.reject(new Error("unexpected prompt")) },
      env,
      clock: { now: options.nowMs ?? (() => NOW_MS) },
      platform: "linux",
      arch: "x64",
      execPath: "/usr/bin/node",
      homeDir: "/nonexistent",
      cwd: "/",
      http: async () => http,
      serveHost: async () => {
        throw new Error("no serve host in credential tests");
      },
    },
    logger,
    configDir: "/nonexistent",
    cloud: { name: "AzureCloud", endpoints: {} } as Cloud,
    account: { tenantId: "72f988bf-0000-4000-8000-000000000001" } as ProfileAccount,
  };
  return { context, stderr };
}

export function acquire(
  env: Env,
  http: HttpClient,
  selector: ManagedIdentitySelector = SELECTORS.system!,
  transport: ManagedIdentityTransportOptions = {},
  extra: { debug?: boolean; resource?: string; nowMs?: () => number } = {},
) {
  const { context, stderr } = harness(env, http, extra);
  const noArc = { fileExists: () => false, sleep: async () => undefined, ...transport };
  const promise = acquireManagedIdentityToken({ context, selector, resource: extra.resource ?? RESOURCE, cloudShell: false }, noArc);
  return { promise, stderr };
}

/** The query of a URL as a plain object. */
export function queryOf(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams);
}
