// aztoken's own `login` options (not az's): federated tokens fetched afresh at each token request instead of one
// stored token that expires mid-job. Spread into the login command's options by command-table.ts. No help
// examples: az's recovery blocks after a usage error quote the command's examples, and those must stay az's.
import type { LoginOptions } from "../../core/use-cases/login.js";
import type { OptionOf } from "../spec.js";

const GROUP = "Federated Token Provider";

export const FEDERATION_OPTIONS: readonly OptionOf<LoginOptions>[] = [
  {
    dest: "federatedTokenProvider",
    flags: ["--federated-token-provider"],
    nargs: 1,
    choices: ["github", "azure-pipelines"],
    group: GROUP,
    help:
      "Fetch a new federated token from the CI system's OIDC endpoint whenever a token is refreshed, instead of storing one that expires: " +
      "github (ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN; the job needs `permissions: id-token: write`) or " +
      "azure-pipelines (SYSTEM_OIDCREQUESTURI and SYSTEM_ACCESSTOKEN). Use with --service-principal -u CLIENT_ID --tenant TENANT.",
  },
  {
    dest: "federatedTokenAudience",
    flags: ["--federated-token-audience"],
    nargs: 1,
    group: GROUP,
    default: "api://AzureADTokenExchange",
    help: "Audience of the GitHub Actions OIDC token (--federated-token-provider github).",
  },
  {
    dest: "serviceConnectionId",
    flags: ["--service-connection-id"],
    nargs: 1,
    group: GROUP,
    help: "Azure Pipelines service connection id (--federated-token-provider azure-pipelines). Default: AZURESUBSCRIPTION_SERVICE_CONNECTION_ID.",
  },
  {
    dest: "federatedTokenFile",
    flags: ["--federated-token-file"],
    nargs: 1,
    group: GROUP,
    help: "File holding the federated token, read again at each token refresh (a Kubernetes projected service account token, any rotated token file).",
  },
  {
    dest: "workloadIdentity",
    flags: ["--workload-identity"],
    nargs: 0,
    group: GROUP,
    help:
      "Log in as the Kubernetes workload identity: client id, tenant, token file and authority host from AZURE_CLIENT_ID, AZURE_TENANT_ID, " +
      "AZURE_FEDERATED_TOKEN_FILE and AZURE_AUTHORITY_HOST, as AKS injects them.",
  },
];
