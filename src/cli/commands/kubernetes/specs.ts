// The Kubernetes commands as command-table entries (aztoken's own, not az's); cli/command-table.ts lists them.
import { defineCommand, type CommandSpec } from "../../spec.js";
import { EXEC_CREDENTIAL_COMMAND } from "./exec-credential-spec.js";
import type { KubeconfigConvertFlags } from "./kubeconfig-convert.js";

export const KUBECONFIG_GROUP: readonly [string, string] = ["kubeconfig", "Point kubeconfig users at aztoken instead of kubelogin."];

export const KUBERNETES_COMMANDS: readonly CommandSpec[] = [
  EXEC_CREDENTIAL_COMMAND,
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
