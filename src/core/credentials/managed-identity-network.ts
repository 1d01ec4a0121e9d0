// Managed-identity tokens from the machine's endpoint: detect the source (docs/compatibility.md#managed-identity), ask
// it once, map failures to az's messages (same section). Loaded lazily by managed-identity.ts; MSAL node only loads
// from here. Tokens are never cached to disk: every call asks the endpoint once
// (docs/compatibility.md#one-managed-identity-request-per-call).
import { accessSync, constants as fsConstants } from "node:fs";
import type { ManagedIdentitySelector } from "./managed-identity.js";
import type { AccessToken, CredentialContext } from "./types.js";
import { appServiceLegacy } from "./managed-identity/app-service-legacy.js";
import { cloudShell } from "./managed-identity/cloud-shell.js";
import { detectSource, type SourceKind } from "./managed-identity/detect.js";
import { httpStatusError, toMsiError } from "./managed-identity/errors.js";
import { buildStack, type RecordingHttpClient } from "./managed-identity/http-stack.js";
import type { MsalSourceKind } from "./managed-identity/msal-sources.js";
import type { HandWrittenSource, SourceInput } from "./managed-identity/source.js";
import { parseTokenResponse, type ExpiryField } from "./managed-identity/token-response.js";

export interface ManagedIdentityTokenOptions {
  context: CredentialContext;
  selector: ManagedIdentitySelector;
  resource: string;
  /** A Cloud Shell account (system identity of the shell); only changes the diagnostics. */
  cloudShell: boolean;
}

/** Seams for tests; production uses the defaults. */
export interface ManagedIdentityTransportOptions {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  fileExists?: (path: string) => boolean;
  attemptTimeoutMs?: number;
  totalBudgetMs?: number;
}

/**
 * One attempt may take 10 s (IMDS can be slow to mint a first token); IMDS retries stop so that the whole call ends
 * within 30 s, the total network time suggested for callers without their own time-out
 * (docs/compatibility.md#what-callers-rely-on).
 */
export const ATTEMPT_TIMEOUT_MS = 10_000;
export const TOTAL_BUDGET_MS = 30_000;

const HAND_WRITTEN: Partial<Record<SourceKind, HandWrittenSource>> = {
  AppServiceLegacy: appServiceLegacy,
  CloudShell: cloudShell,
};

/** Where latest az (MSAL Python) reads each MSAL-backed source's expiry from. */
const MSAL_EXPIRY: Record<MsalSourceKind, ExpiryField> = {
  Imds: "expires_in",
  AzureArc: "expires_in",
  AppService: "expires_on",
  ServiceFabric: "expires_on",
};

export async function acquireManagedIdentityToken(
  options: ManagedIdentityTokenOptions,
  transport: ManagedIdentityTransportOptions = {},
): Promise<AccessToken> {
  const { deps, logger } = options.context;
  const kind = detectSource({ env: deps.env, platform: deps.platform, fileExists: transport.fileExists ?? isReadableFile });
  logger.debug(`${options.cloudShell ? "Cloud Shell" : "Managed identity"} token for ${options.resource} from the ${kind} endpoint`);
  const http = buildStack(await deps.http(), {
    attemptTimeoutMs: transport.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS,
    totalBudgetMs: transport.totalBudgetMs ?? TOTAL_BUDGET_MS,
    retries: kind === "Imds",
    logger,
    now: () => deps.clock.now(),
    ...(transport.sleep ? { sleep: transport.sleep } : {}),
    ...(transport.random ? { random: transport.random } : {}),
  });
  const input: SourceInput = { env: deps.env, selector: options.selector, resource: options.resource };
  try {
    const handWritten = HAND_WRITTEN[kind];
    if (handWritten) {
      return parseTokenResponse(await askOnce(handWritten, input, http), handWritten.expiry, deps.clock.now());
    }
    const { acquireWithMsal } = await import("./managed-identity/msal-sources.js");
    const msalKind = kind as MsalSourceKind;
    const body = await acquireWithMsal({ kind: msalKind, http, selector: options.selector, resource: options.resource, logger });
    return parseTokenResponse(body, MSAL_EXPIRY[msalKind], deps.clock.now());
  } catch (error) {
    throw toMsiError(error);
  }
}

async function askOnce(source: HandWrittenSource, input: SourceInput, http: RecordingHttpClient): Promise<string> {
  const response = await http.send(source.request(input));
  if (response.status < 200 || response.status > 299) throw httpStatusError(response.status);
  return response.body;
}

function isReadableFile(path: string): boolean {
  try {
    accessSync(path, fsConstants.F_OK | fsConstants.R_OK);
    return true;
  } catch {
    return false;
  }
}
