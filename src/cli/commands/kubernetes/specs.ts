// The Kubernetes commands as command-table entries (aztoken's own, not az's); cli/command-table.ts lists them.
import { defineCommand, type CommandSpec } from "../../spec.js";
import type { ExecCredentialOptions } from "../../../core/use-cases/exec-credential.js";
import type { KubeconfigConvertFlags } from "./kubeconfig-convert.js";

export const KUBECONFIG_GROUP: readonly [string, string] = ["kubeconfig", "Point kubeconfig users at aztoken instead of kubelogin."];

export const KUBERNETES_COMMANDS: readonly CommandSpec[] = [
  defineCommand<ExecCredentialOptions>({
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
  }),
  defineCommand<KubeconfigConvertFlags>({
    path: ["kubeconfig", "convert"],
    summary: "Make kubeconfig users that run kubelogin (or use the azure auth provider) run `aztoken exec-credential`.",
    description:
      "Rewrites every user that runs `kubelogin get-token` (any login mode) or uses the legacy `auth-provider: azure` to run `aztoken exec-credential` with the same server id and tenant. Everything else in the file stays as it was, comments included. The files are found as kubectl finds them: --kubeconfig, else the KUBECONFIG list (a user is changed in the first file that defines it), else ~/.kube/config. Each changed file is first copied to FILE.aztoken-backup. A file that cannot be parsed is left untouched.",
    options: [
      { dest: "kubeconfig", flags: ["--kubeconfig"], nargs: 1, help: "The kubeconfig file to convert. Default: KUBECONFIG, else ~/.kube/config." },
      { dest: "context", flags: ["--context"], nargs: 1, help: "Convert only the user of this context." },
    ],
    examples: [
      {
        summary: "After `az aks get-credentials`, let kubectl get its tokens from aztoken.",
        command: "aztoken kubeconfig convert",
      },
      { summary: "Convert one context of a given file.", command: "aztoken kubeconfig convert --kubeconfig ./kubeconfig --context my-cluster" },
    ],
    load: () => import("./kubeconfig-convert.js"),
  }),
];
