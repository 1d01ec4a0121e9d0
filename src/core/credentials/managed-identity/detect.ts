// Which managed-identity endpoint this machine offers, decided from the environment in the order of
// docs/compatibility.md#managed-identity (the same order as MSAL's ManagedIdentityClient, so the MSAL-backed sources
// see what we saw).
import type { Env } from "../../../infra/deps.js";

export type SourceKind = "ServiceFabric" | "AppService" | "AppServiceLegacy" | "CloudShell" | "AzureArc" | "Imds";

export interface DetectOptions {
  env: Env;
  platform: NodeJS.Platform;
  /** True when the file exists and is readable (the Azure Arc agent check). */
  fileExists: (path: string) => boolean;
}

export function detectSource({ env, platform, fileExists }: DetectOptions): SourceKind {
  const has = (...names: string[]) => names.every((name) => Boolean(env[name]));
  if (has("IDENTITY_ENDPOINT", "IDENTITY_HEADER", "IDENTITY_SERVER_THUMBPRINT")) return "ServiceFabric";
  if (has("IDENTITY_ENDPOINT", "IDENTITY_HEADER")) return "AppService";
  // App Service's 2017 protocol and Azure Machine Learning's are the same wire protocol (MSAL calls it
  // "MachineLearning" and does not tell them apart; az 2.45 looked at APPSETTING_WEBSITE_SITE_NAME).
  if (has("MSI_ENDPOINT", "MSI_SECRET")) return "AppServiceLegacy";
  if (has("MSI_ENDPOINT")) return "CloudShell";
  if (has("IDENTITY_ENDPOINT", "IMDS_ENDPOINT")) return "AzureArc";
  const agent = himdsPath(env, platform);
  if (agent && fileExists(agent)) return "AzureArc";
  return "Imds";
}

/** Where the Azure Connected Machine agent lives (MSAL's AZURE_ARC_FILE_DETECTION). */
export function himdsPath(env: Env, platform: NodeJS.Platform): string | undefined {
  if (platform === "linux") return "/opt/azcmagent/bin/himds";
  if (platform === "win32") return `${env.ProgramFiles}\\AzureConnectedMachineAgent\\himds.exe`;
  return undefined;
}
