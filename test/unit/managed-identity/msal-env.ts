// MSAL node reads process.env itself, so the MSAL-backed source tests put the same variables in both places.
// Each such source has its own test file: MSAL keeps the selected source for the life of the process.
import { afterAll, beforeAll, vi } from "vitest";

const MI_VARIABLES = [
  "IDENTITY_ENDPOINT",
  "IDENTITY_HEADER",
  "IDENTITY_SERVER_THUMBPRINT",
  "IMDS_ENDPOINT",
  "MSI_ENDPOINT",
  "MSI_SECRET",
  "APPSETTING_WEBSITE_SITE_NAME",
  "AZURE_POD_IDENTITY_AUTHORITY_HOST",
  "DEFAULT_IDENTITY_CLIENT_ID",
];

/** Sets exactly `env` among the managed-identity variables for the file; returns process.env for Deps. */
export function useMsalEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  beforeAll(() => {
    for (const name of MI_VARIABLES) vi.stubEnv(name, env[name]);
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });
  return process.env;
}
