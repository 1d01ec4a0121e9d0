// The kubectl case: `aztoken exec-credential` answering from the cache, as kubectl runs it (KUBERNETES_EXEC_INFO
// set, stdout a pipe). Judged like the get-token cache hits.
import { addCachedAccessToken, AKS_SERVER_ID } from "../test/support/cached-token.js";
import { aztokenCommand, HIT_TARGET, NO_NETWORK, profileEnv, type CheckedCase, type CliCaseContext } from "./cases.js";

const EXEC_INFO = '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","spec":{"interactive":false}}';
const ARGS = ["exec-credential", "--server-id", AKS_SERVER_ID] as const;

/** Adds the server application's token to the cache-hit profile (no other case asks for that scope). */
export function execCredentialCase(context: CliCaseContext): CheckedCase {
  addCachedAccessToken(context.hit.configDir, `${AKS_SERVER_ID}/.default`);
  return {
    id: "hit-exec-credential",
    label: "aztoken exec-credential cache hit (kubectl)",
    display: `node bin/aztoken.js ${ARGS.join(" ")}`,
    note: "KUBERNETES_EXEC_INFO as kubectl sets it",
    command: aztokenCommand(context, ARGS, profileEnv(context.hit, { ...NO_NETWORK, KUBERNETES_EXEC_INFO: EXEC_INFO })),
    expect: "exec-credential",
    quietStderr: true,
    target: HIT_TARGET,
  };
}

/** An ExecCredential with a token and an RFC 3339 expiry. */
export function isExecCredential(stdout: string): boolean {
  try {
    const value = JSON.parse(stdout) as { kind?: unknown; status?: { token?: unknown; expirationTimestamp?: unknown } };
    return value.kind === "ExecCredential" && typeof value.status?.token === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(String(value.status.expirationTimestamp));
  } catch {
    return false;
  }
}
