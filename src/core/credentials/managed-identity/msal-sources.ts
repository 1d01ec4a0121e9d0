// Service Fabric, App Service (2019-08-01), Azure Arc and IMDS through MSAL node's ManagedIdentityApplication:
// its requests, parameter names and Arc's `WWW-Authenticate: Basic realm=<key file>` challenge (with MSAL's
// key file checks) are what latest az sends through MSAL Python. It runs over our HttpClient stack
// (proxy, CA bundle, time-out, bounded IMDS retries), so MSAL's own retries are off: they sleep up to 70 s
// on IMDS 410 and follow any Retry-After, with no way to inject the sleep.
// Caveats of MSAL node we live with: it reads process.env (bin.ts gives Deps the same object; a mismatch is
// reported, not guessed); it keeps the first source it builds, network client included, in a static field
// (forgotten before each call, see forgetSelectedSource); it keeps tokens in memory only (forceRefresh asks
// the endpoint every call; nothing is written to msal_token_cache.json).
import { LogLevel, ManagedIdentityApplication, type ManagedIdentityIdParams } from "@azure/msal-node";
import { HttpNetworkError } from "../../../infra/http/net-errors.js";
import { MsalNetworkModule } from "../../../infra/msal-network.js";
import type { Logger } from "../../logger.js";
import type { ManagedIdentitySelector } from "../managed-identity.js";
import type { SourceKind } from "./detect.js";
import { detailError, httpStatusError, MsiDetailError } from "./errors.js";
import type { RecordingHttpClient } from "./http-stack.js";
import { userAssigned } from "./source.js";

export type MsalSourceKind = Extract<SourceKind, "ServiceFabric" | "AppService" | "AzureArc" | "Imds">;

/** MSAL's name for each source we hand to it. */
const MSAL_NAME: Record<MsalSourceKind, string> = {
  ServiceFabric: "ServiceFabric",
  AppService: "AppService",
  AzureArc: "AzureArc",
  Imds: "DefaultToImds",
};

export interface MsalAcquireInput {
  kind: MsalSourceKind;
  http: RecordingHttpClient;
  selector: ManagedIdentitySelector;
  resource: string;
  logger: Logger;
}

/** Returns the raw body of the endpoint's final answer (the caller reads the expiry from it as az does). */
export async function acquireWithMsal({ kind, http, selector, resource, logger }: MsalAcquireInput): Promise<string> {
  const network = new MsalNetworkModule(http);
  const app = new ManagedIdentityApplication({
    managedIdentityIdParams: msalIdParams(selector),
    system: { networkClient: network, disableInternalRetries: true, loggerOptions: msalLogger(logger) },
  });
  forgetSelectedSource(app);
  const msalKind = app.getManagedIdentitySource();
  if (msalKind !== MSAL_NAME[kind]) {
    throw new MsiDetailError(`MSAL selected the ${msalKind} managed identity source where ${kind} was expected`);
  }
  try {
    await app.acquireToken({ resource, forceRefresh: true });
  } catch (error) {
    throw translateMsalError(error, network, http);
  }
  if (!http.last) throw new MsiDetailError("no response from the managed identity endpoint");
  // MSAL accepts an error status whose body has no `error` member (it then fails later, or not at all)
  if (!isSuccess(http.last.status)) throw httpStatusError(http.last.status);
  return http.last.body;
}

/**
 * ManagedIdentityClient caches the source it selected, with the network client it was built with, in static
 * fields; a second call in the same process would reuse the first call's HTTP stack and environment. MSAL has
 * no API for this, so clear the private statics. Should a new MSAL version rename them, the "no response"
 * check in acquireWithMsal and the unit test "uses each call's own HTTP client" catch it.
 */
function forgetSelectedSource(app: ManagedIdentityApplication): void {
  type ClientClass = { identitySource?: unknown; sourceName?: unknown };
  const client = (app as unknown as { managedIdentityClient?: { constructor: ClientClass } }).managedIdentityClient;
  if (!client) return;
  client.constructor.identitySource = undefined;
  client.constructor.sourceName = undefined;
}

function msalIdParams(selector: ManagedIdentitySelector): ManagedIdentityIdParams {
  const identity = userAssigned(selector);
  switch (identity?.idType) {
    case "MSIClient":
      return { userAssignedClientId: identity.id };
    case "MSIObject":
      return { userAssignedObjectId: identity.id };
    case "MSIResource":
      return { userAssignedResourceId: identity.id };
    default:
      return {};
  }
}

/**
 * MSAL wraps our network failures into a generic network_error and HTTP error statuses into server errors;
 * report what really happened. MSAL's own refusals (Arc's key file checks, ...) keep MSAL's text.
 */
function translateMsalError(error: unknown, network: MsalNetworkModule, http: RecordingHttpClient): Error {
  if (error instanceof Error && error.name === "ManagedIdentityError") return detailError(error.message);
  if (http.last && !isSuccess(http.last.status)) return httpStatusError(http.last.status);
  if (network.lastError instanceof HttpNetworkError) return network.lastError;
  const message = network.lastError?.message ?? (error instanceof Error ? error.message : String(error));
  return new MsiDetailError(message);
}

const isSuccess = (status: number) => status >= 200 && status <= 299;

function msalLogger(logger: Logger) {
  return {
    piiLoggingEnabled: false,
    logLevel: logger.debugEnabled ? LogLevel.Info : LogLevel.Error,
    loggerCallback: (_level: LogLevel, message: string) => {
      if (logger.debugEnabled) logger.debug(`msal-node: ${message}`);
    },
  };
}
