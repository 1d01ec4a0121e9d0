// The Azure CLI version whose behaviour aztoken implements. Callers check it: Terraform needs 2.30 <= v < 3,
// the Rust SDK >= 2.54 (expires_on), Azure/login uses --client-id from 2.69 on.
export const AZURE_CLI_COMPATIBLE_VERSION = "2.80.0";
export const AZURE_CLI_TELEMETRY_VERSION = "1.1.0";
