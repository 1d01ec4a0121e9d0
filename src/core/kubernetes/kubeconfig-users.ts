// Which kubeconfig users get their token from Entra ID, read from the two shapes `az aks get-credentials`
// writes: the legacy `auth-provider: azure` (config apiserver-id / tenant-id) and an `exec` running
// `kubelogin get-token` in any login mode (flags as kubelogin's pflag set declares them,
// pkg/internal/token/options.go), and the `exec` that replaces them.
import { EXEC_API_V1BETA1 } from "./exec-credential.js";

/** How a user signs in today: what the conversion keeps (server id, tenant, subscription) and reports. */
export interface EntraSignIn {
  /** `auth-provider azure` or `kubelogin <login mode>`. */
  was: string;
  serverId: string;
  tenant?: string;
  subscription?: string;
}

export type UserVerdict =
  | { kind: "entra"; signIn: EntraSignIn }
  | { kind: "aztoken" }
  | { kind: "other" }
  | { kind: "invalid"; reason: string };

export const AZTOKEN_COMMAND = "aztoken";
export const EXEC_CREDENTIAL_COMMAND = "exec-credential";
export const INSTALL_HINT =
  "aztoken provides this cluster's Entra ID tokens (it replaced kubelogin here).\nInstall it with: npm install -g aztoken\n";

type Mapping = Record<string, unknown>;

const isMapping = (value: unknown): value is Mapping => value !== null && typeof value === "object" && !Array.isArray(value);

/** `user` is the value of a kubeconfig `users[].user` entry as plain data. */
export function classifyUser(user: unknown): UserVerdict {
  if (!isMapping(user)) return { kind: "other" };
  const provider = user["auth-provider"];
  if (isMapping(provider) && provider.name === "azure") {
    const config = isMapping(provider.config) ? provider.config : {};
    const serverId = stringValue(config["apiserver-id"]);
    if (!serverId) return { kind: "invalid", reason: "its azure auth-provider has no apiserver-id" };
    const tenant = stringValue(config["tenant-id"]);
    return { kind: "entra", signIn: { was: "auth-provider azure", serverId, ...(tenant ? { tenant } : {}) } };
  }
  const exec = user.exec;
  if (!isMapping(exec) || typeof exec.command !== "string") return { kind: "other" };
  const program = commandName(exec.command);
  if (program === AZTOKEN_COMMAND) return { kind: "aztoken" };
  // kubelogin's own converter takes any command containing "kubelogin" (kubelogin.exe, a versioned name)
  if (!program.includes("kubelogin")) return { kind: "other" };
  const args = Array.isArray(exec.args) ? exec.args.map(String) : [];
  const serverId = flagValue(args, "server-id");
  if (!serverId) return { kind: "invalid", reason: "its kubelogin command has no --server-id" };
  const tenant = flagValue(args, "tenant-id", "t");
  const subscription = flagValue(args, "subscription", "s");
  return {
    kind: "entra",
    signIn: {
      was: `kubelogin ${flagValue(args, "login", "l") ?? "devicecode"}`,
      serverId,
      ...(tenant ? { tenant } : {}),
      ...(subscription ? { subscription } : {}),
    },
  };
}

/** The arguments of the replacement `exec`: the same server id, tenant and subscription. */
export function execCredentialArgs(signIn: EntraSignIn): string[] {
  const args = [EXEC_CREDENTIAL_COMMAND, "--server-id", signIn.serverId];
  if (signIn.tenant) args.push("--tenant", signIn.tenant);
  if (signIn.subscription) args.push("--subscription", signIn.subscription);
  return args;
}

/** A whole replacement `exec` for a user that had none (the legacy auth-provider). */
export function newExecSection(signIn: EntraSignIn): Mapping {
  return {
    apiVersion: EXEC_API_V1BETA1,
    command: AZTOKEN_COMMAND,
    args: execCredentialArgs(signIn),
    env: null,
    installHint: INSTALL_HINT,
    interactiveMode: "Never",
    provideClusterInfo: false,
  };
}

/** The program's base name, lower-cased, without a Windows `.exe`: `/usr/local/bin/kubelogin` → `kubelogin`. */
function commandName(command: string): string {
  const base = command.split(/[\\/]/).pop() ?? "";
  return base.toLowerCase().replace(/\.exe$/, "");
}

function stringValue(value: unknown): string | undefined {
  if (typeof value === "number") return String(value);
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/**
 * A flag's value as pflag reads it: `--name value`, `--name=value`, `-x value`, `-xvalue`, `-x=value`; the last
 * occurrence wins. Arguments after a bare `--` are not flags.
 */
export function flagValue(args: readonly string[], long: string, short?: string): string | undefined {
  let value: string | undefined;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === "--") break;
    if (arg === `--${long}` || (short !== undefined && arg === `-${short}`)) {
      value = args[index + 1];
      index++;
    } else if (arg.startsWith(`--${long}=`)) {
      value = arg.slice(long.length + 3);
    } else if (short !== undefined && arg.startsWith(`-${short}`) && !arg.startsWith("--")) {
      value = arg.slice(2).replace(/^=/, "");
    }
  }
  return value;
}
