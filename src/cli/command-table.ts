// The commands aztoken implements, as data (the token commands' specs are in token-commands.ts, the options of
// every level in global-options.ts): options in az's registration order (it decides the order of
// ambiguous-prefix candidates and of the names in "argument --a/-b" messages), help texts as az 2.45's profile
// module writes them (_help.py, __init__.py load_arguments; the help printer normalises them as knack does),
// plus the options only latest az has (docs/compatibility.md#login-logout-account-and-version).
import { defineCommand, type CommandSpec, type NoOptions } from "./spec.js";
import type { LoginOptions } from "../core/use-cases/login.js";
import type { LogoutOptions } from "./commands/logout.js";
import type { AccountListOptions } from "./commands/account/list.js";
import type { AccountSetOptions } from "./commands/account/set.js";
import type { AccountShowOptions } from "./commands/account/show.js";
import type { VersionOptions } from "./commands/version.js";
import { SHIM_COMMANDS, SHIM_GROUP } from "./commands/shim/specs.js";
import { KUBECONFIG_GROUP, KUBERNETES_COMMANDS } from "./commands/kubernetes/specs.js";
import { FEDERATION_OPTIONS } from "./commands/login-federation.js";
import { SERVE_COMMAND } from "./commands/serve/specs.js";
import { ACCOUNT_GET_ACCESS_TOKEN, GET_TOKEN, SUBSCRIPTION } from "./token-commands.js";

const MSI_GROUP = "Managed Service Identity";

const LOGIN = defineCommand<LoginOptions>({
  path: ["login"],
  summary: "Log in to Azure.",
  description:
    "By default, this command logs in with a user account. CLI will try to launch a web browser to log in interactively. If a web browser is not available, CLI will fall back to device code login.\nTo login with a service principal, specify --service-principal.",
  options: [
    { dest: "username", flags: ["--username", "-u"], nargs: 1, help: "user name, service principal, or managed service identity ID" },
    {
      dest: "password",
      flags: ["--password", "-p"],
      nargs: 1,
      secret: true,
      help: "Credentials like user password, or for a service principal, provide client secret or a pem file with key and public certificate. Will prompt if not given.",
    },
    { dest: "servicePrincipal", flags: ["--service-principal"], nargs: 0, help: "The credential representing a service principal." },
    { dest: "tenant", flags: ["--tenant", "-t"], nargs: 1, help: "The AAD tenant, must provide when using service principals." },
    {
      dest: "allowNoSubscriptions",
      flags: ["--allow-no-subscriptions"],
      nargs: 0,
      help: "Support access tenants without subscriptions. It's uncommon but useful to run tenant level commands, such as 'az ad'",
    },
    { dest: "identity", flags: ["-i", "--identity"], nargs: 0, group: MSI_GROUP, help: "Log in using the Virtual Machine's identity" },
    {
      dest: "useDeviceCode",
      flags: ["--use-device-code"],
      nargs: 0,
      help: "Use CLI's old authentication flow based on device code. CLI will also use this if it can't launch a browser in your behalf, e.g. in remote SSH or Cloud Shell",
    },
    {
      dest: "useCertSnIssuer",
      flags: ["--use-cert-sn-issuer"],
      nargs: 0,
      help: "used with a service principal configured with Subject Name and Issuer Authentication in order to support automatic certificate rolls",
    },
    { dest: "scope", flags: ["--scope"], nargs: "+", help: "Used in the /authorize request. It can cover only one static resource." },
    { dest: "federatedToken", flags: ["--federated-token"], nargs: 1, secret: true, help: "Federated token that can be used for OIDC token exchange." },
    // latest az only (2.69+ / 2.76+)
    { dest: "certificate", flags: ["--certificate"], nargs: 1, secret: true, help: "PEM file with key and public certificate." },
    { dest: "clientId", flags: ["--client-id"], nargs: 1, group: MSI_GROUP, help: "Client ID of the user-assigned managed identity." },
    { dest: "objectId", flags: ["--object-id"], nargs: 1, group: MSI_GROUP, help: "Object ID of the user-assigned managed identity." },
    { dest: "resourceId", flags: ["--resource-id"], nargs: 1, group: MSI_GROUP, help: "Resource ID of the user-assigned managed identity." },
    {
      dest: "claimsChallenge",
      flags: ["--claims-challenge"],
      nargs: 1,
      help: "Base64-encoded claims challenge requested by a resource API in the WWW-Authenticate header.",
    },
    // aztoken's own (src/cli/commands/login-federation.ts)
    ...FEDERATION_OPTIONS,
  ],
  examples: [
    { summary: "Log in interactively.", command: "az login" },
    {
      summary:
        "Log in with user name and password. This doesn't work with Microsoft accounts or accounts that have two-factor authentication enabled. Use -p=secret if the first character of the password is '-'.",
      command: "az login -u johndoe@contoso.com -p VerySecret",
    },
    {
      summary: "Log in with a service principal using client secret. Use -p=secret if the first character of the password is '-'.",
      command: "az login --service-principal -u http://azure-cli-2016-08-05-14-31-15 -p VerySecret --tenant contoso.onmicrosoft.com",
    },
    {
      summary: "Log in with a service principal using client certificate.",
      command: "az login --service-principal -u http://azure-cli-2016-08-05-14-31-15 -p ~/mycertfile.pem --tenant contoso.onmicrosoft.com",
    },
    { summary: "Log in using a VM's system-assigned managed identity.", command: "az login --identity" },
    {
      summary: "Log in using a VM's user-assigned managed identity. Client or object ids of the service identity also work.",
      command:
        "az login --identity -u /subscriptions/<subscriptionId>/resourcegroups/myRG/providers/Microsoft.ManagedIdentity/userAssignedIdentities/myID",
    },
  ],
  load: () => import("./commands/login.js"),
});

/** Every command, in az's command-table order (which az's table trimming depends on, see argparse.ts). */
export const COMMANDS: readonly CommandSpec[] = [
  LOGIN,
  defineCommand<LogoutOptions>({
    path: ["logout"],
    summary: "Log out to remove access to Azure subscriptions.",
    options: [{ dest: "username", flags: ["--username"], nargs: 1, help: "account user, if missing, logout the current active account" }],
    examples: [],
    load: () => import("./commands/logout.js"),
  }),
  defineCommand<AccountListOptions>({
    path: ["account", "list"],
    summary:
      "Get a list of subscriptions for the logged in account. By default, only 'Enabled' subscriptions from the current cloud is shown.",
    options: [
      { dest: "all", flags: ["--all"], nargs: 0, help: "List all subscriptions from all clouds, rather than just 'Enabled' ones" },
      { dest: "refresh", flags: ["--refresh"], nargs: 0, help: "retrieve up-to-date subscriptions from server" },
    ],
    examples: [],
    load: () => import("./commands/account/list.js"),
  }),
  defineCommand<AccountSetOptions>({
    path: ["account", "set"],
    summary: "Set a subscription to be the current active subscription.",
    options: [{ ...SUBSCRIPTION, required: true }],
    examples: [],
    load: () => import("./commands/account/set.js"),
  }),
  defineCommand<AccountShowOptions>({
    path: ["account", "show"],
    summary: "Get the details of a subscription.",
    description: "If the subscription isn't specified, shows the details of the default subscription.",
    options: [SUBSCRIPTION],
    examples: [],
    load: () => import("./commands/account/show.js"),
  }),
  defineCommand<NoOptions>({
    path: ["account", "clear"],
    summary: "Clear all subscriptions from the CLI's local cache.",
    description: "To clear the current subscription, use 'az logout'.",
    options: [],
    examples: [],
    load: () => import("./commands/account/clear.js"),
  }),
  ACCOUNT_GET_ACCESS_TOKEN,
  defineCommand<VersionOptions>({
    path: ["version"],
    summary: "Show the versions of Azure CLI modules and extensions in JSON format by default or format configured by --output.",
    // az registers its global --subscription on `version` (not on login/logout/account, which ignore it).
    options: [
      {
        dest: "subscription",
        flags: ["--subscription"],
        nargs: 1,
        group: "Global",
        help: "Name or ID of subscription. You can configure the default subscription using `az account set -s NAME_OR_ID`.",
      },
    ],
    examples: [],
    load: () => import("./commands/version.js"),
  }),
  // Ours, not az's: a short alias of `account get-access-token` (token-commands.ts).
  GET_TOKEN,
  // Ours, not az's: `shim install` / `shim uninstall` (src/cli/commands/shim/specs.ts).
  ...SHIM_COMMANDS,
  // Ours: `exec-credential` and `kubeconfig convert` (src/cli/commands/kubernetes/specs.ts).
  ...KUBERNETES_COMMANDS,
  // Ours: `serve` (src/cli/commands/serve/specs.ts).
  SERVE_COMMAND,
];

/** Command groups (only `account`), with their help summaries. */
export const GROUPS: ReadonlyMap<string, string> = new Map([["account", "Manage Azure subscription information."], SHIM_GROUP, KUBECONFIG_GROUP]);
