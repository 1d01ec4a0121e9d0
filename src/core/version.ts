// Versions aztoken reports. AZURE_CLI_COMPATIBLE_VERSION is the Azure CLI whose behaviour aztoken implements; callers
// check it: Terraform needs 2.0.81 <= v < 3.0.0 (and >= 2.30 before each token call), the Rust SDK >= 2.54
// (expires_on), Azure/login uses --client-id from 2.69 on (docs/compatibility.md#login-logout-account-and-version). The
// named JSON import makes esbuild inline just the version string at build time.
import { version as packageVersion } from "../../package.json";

export const AZURE_CLI_COMPATIBLE_VERSION = "2.80.0";
export const AZURE_CLI_TELEMETRY_VERSION = "1.1.0";
/** aztoken's own version, from package.json. */
export const AZTOKEN_VERSION: string = packageVersion;
