// `exec-credential`'s command-table entry, in a file of its own: the cache-hit path parses it without the other
// commands (cli/token-commands.ts).
import { defineCommand, type CommandSpec } from "../../spec.js";
import type { ExecCredentialOptions } from "../../../core/use-cases/exec-credential.js";

export const EXEC_CREDENTIAL_COMMAND: CommandSpec = defineCommand<ExecCredentialOptions>({
  path: ["exec-credential"],
  summary: "Print a Kubernetes ExecCredential holding a token for a cluster's Entra application.",
  description:
    "kubectl's exec credential plugin: the token comes from the same cache and refresh path as get-token. The ExecCredential's apiVersion is the one kubectl asks for in KUBERNETES_EXEC_INFO (client.authentication.k8s.io/v1 or v1beta1), v1beta1 when it is not set. The output is always JSON unless --output is given.",
  options: [
    {
      dest: "serverId",
      flags: ["--server-id"],
      nargs: 1,
      required: true,
      help: "Application ID of the cluster's API server in Entra ID. AKS: 6dae42f8-4368-4678-94ff-3960e28e3630.",
    },
    { dest: "tenant", flags: ["--tenant", "-t"], nargs: 1, help: "Tenant ID for which the token is acquired." },
    { dest: "subscription", flags: ["--subscription", "-s"], nargs: 1, help: "Name or ID of subscription whose account is used." },
  ],
  examples: [
    {
      summary: "The token an AKS cluster with Entra ID sign-in accepts.",
      command: "aztoken exec-credential --server-id 6dae42f8-4368-4678-94ff-3960e28e3630",
    },
  ],
  // kubectl runs it for every command: the cache-hit path, like get-token
  skipsCommander: true,
  defaultOutput: "json",
  load: () => import("./exec-credential.js"),
});
