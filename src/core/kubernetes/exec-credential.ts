// The client side of Kubernetes' exec credential plugin protocol (client.authentication.k8s.io): kubectl runs
// the plugin with KUBERNETES_EXEC_INFO describing the ExecCredential it wants, and reads one from stdout.
import { AzError } from "../errors.js";
import { dateTimeText } from "../date-text.js";

export const EXEC_API_V1 = "client.authentication.k8s.io/v1";
export const EXEC_API_V1BETA1 = "client.authentication.k8s.io/v1beta1";
export const EXEC_INFO_ENV = "KUBERNETES_EXEC_INFO";

export interface ExecCredential {
  kind: "ExecCredential";
  apiVersion: string;
  spec: { interactive: boolean };
  status: { expirationTimestamp: string; token: string };
}

/**
 * The apiVersion kubectl asked for in KUBERNETES_EXEC_INFO; v1beta1 when the variable is absent (kubectl before
 * 1.22, or a person running the plugin by hand), as kubelogin does.
 */
export function requestedApiVersion(env: Readonly<Record<string, string | undefined>>): string {
  const info = env[EXEC_INFO_ENV];
  if (info === undefined || info === "") return EXEC_API_V1BETA1;
  let apiVersion: unknown;
  try {
    apiVersion = (JSON.parse(info) as { apiVersion?: unknown } | null)?.apiVersion;
  } catch {
    throw new AzError(`${EXEC_INFO_ENV} is not a JSON ExecCredential.`);
  }
  if (apiVersion === undefined || apiVersion === "") return EXEC_API_V1BETA1;
  if (apiVersion === EXEC_API_V1 || apiVersion === EXEC_API_V1BETA1) return apiVersion;
  throw new AzError(`${EXEC_INFO_ENV} asks for apiVersion ${JSON.stringify(apiVersion)}; supported: ${EXEC_API_V1}, ${EXEC_API_V1BETA1}.`);
}

/** `expiresOn` in POSIX seconds; the timestamp is RFC 3339 in UTC without fractions, as client-go writes it. */
export function execCredential(apiVersion: string, token: string, expiresOn: number): ExecCredential {
  return {
    kind: "ExecCredential",
    apiVersion,
    spec: { interactive: false },
    status: { expirationTimestamp: rfc3339Seconds(expiresOn), token },
  };
}

/**
 * `2099-12-31T23:59:59Z`: toISOString without the fraction, from the UTC fields (the first toISOString call of a
 * process costs ~0.8 ms, a sixth of kubectl's cache hit). Years toISOString writes with a sign go through it.
 */
export function rfc3339Seconds(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) return date.toISOString().replace(/\.\d+Z$/, "Z");
  return `${dateTimeText(date, true, "T")}Z`;
}
