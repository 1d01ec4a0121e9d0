// The real Azure CLI on a copy of the same profile, for comparison. az 2.45 (MSAL 1.21) fetches the OIDC
// discovery document even on a cache hit, so it runs through the fake Entra ID's proxy and trusts its CA.
import type { CheckedCase } from "./cases.js";
import { profileEnv } from "./cases.js";
import { expectSuccess, findOnPath, run } from "./process.js";
import { createProfile } from "./profiles.js";

const AZ_ARGS = ["account", "get-access-token", "-o", "json"];

export interface AzContext {
  /** A fresh directory for az's HOME (its AZURE_CONFIG_DIR goes inside). */
  home: string;
  fake: { env: Record<string, string>; caPath: string };
}

/** The az case, or a reason why there is none. */
export async function azCase(context: AzContext): Promise<{ bench?: CheckedCase; skipped?: string; version?: string }> {
  const az = findOnPath("az");
  if (!az) return { skipped: "az is not installed" };
  const profile = createProfile(context.home);
  const env = profileEnv(profile, { ...context.fake.env, REQUESTS_CA_BUNDLE: context.fake.caPath, AZURE_CORE_COLLECT_TELEMETRY: "false" });
  const command = { file: az, args: AZ_ARGS, env, cwd: "/" };
  // az's first run builds its command index and HTTP cache in the profile; that is not what callers pay later.
  expectSuccess("az (first run)", await run(command, 120_000));
  const version = await azVersion(az, env);
  return {
    bench: { id: "az", label: `az ${version} cache hit, json`, display: `az ${AZ_ARGS.join(" ")}`, note: "through the fake Entra ID's proxy (OIDC discovery)", command, expect: "token-json", quietStderr: false },
    version,
  };
}

async function azVersion(az: string, env: Record<string, string>): Promise<string> {
  const outcome = await run({ file: az, args: ["version", "-o", "json"], env, cwd: "/" }, 120_000);
  try {
    return (JSON.parse(outcome.stdout) as Record<string, string>)["azure-cli"] ?? "?";
  } catch {
    return "?";
  }
}
