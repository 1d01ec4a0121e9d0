// Where the profile lives: $AZURE_CONFIG_DIR when set and non-empty, else ~/.azure. Never the working directory.
import { join } from "node:path";
import type { Env } from "../infra/deps.js";

export function resolveConfigDir(env: Env, homeDir: string): string {
  const fromEnv = env.AZURE_CONFIG_DIR;
  return fromEnv ? fromEnv : join(homeDir, ".azure");
}

export const PROFILE_FILE = "azureProfile.json";
export const MSAL_CACHE_FILE = "msal_token_cache.json";
export const SERVICE_PRINCIPAL_FILE = "service_principal_entries.json";
export const CONFIG_FILE = "config";
export const CLOUDS_CONFIG_FILE = "clouds.config";
