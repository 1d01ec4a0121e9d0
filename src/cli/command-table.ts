// The commands aztoken implements, as data: options in az's registration order (it decides the order of
// ambiguous-prefix candidates and of the names in "argument --a/-b" messages), help texts as az 2.45's profile
// module writes them (_help.py, __init__.py load_arguments; the help printer normalises them as knack does),
// plus the options only latest az has (docs/compatibility.md#login-logout-account-and-version).
import { defineCommand, OUTPUT_FORMATS, type CommandDefinition, type CommandSpec, type ExampleSpec, type NoOptions, type OptionSpec } from "./spec.js";
import type { GetAccessTokenOptions } from "../core/use-cases/get-access-token.js";
import type { LoginOptions } from "../core/use-cases/login.js";
import type { LogoutOptions } from "./commands/logout.js";
import type { AccountListOptions } from "./commands/account/list.js";
import type { AccountSetOptions } from "./commands/account/set.js";
import type { AccountShowOptions } from "./commands/account/show.js";
import type { VersionOptions } from "./commands/version.js";
import { SHIM_COMMANDS, SHIM_GROUP } from "./commands/shim/specs.js";
import { KUBECONFIG_GROUP, KUBERNETES_COMMANDS } from "./commands/kubernetes/specs.js";

/** argparse's own -h/--help, registered before everything else. */
export const HELP_OPTION: OptionSpec = {
  dest: "help",
  flags: ["-h", "--help"],
  nargs: 0,
  help: "Show this help message and exit.",
  group: "Global",
};

/** knack's global arguments, in the order its event handlers register them (logging, output, query). */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { dest: "verbose", flags: ["--verbose"], nargs: 0, group: "Global", help: "Increase logging verbosity. Use --debug for full debug logs." },
  { dest: "debug", flags: ["--debug"], nargs: 0, group: "Global", help: "Increase logging verbosity to show all debug logs." },
  { dest: "onlyShowErrors", flags: ["--only-show-errors"], nargs: 0, group: "Global", help: "Only show errors, suppressing warnings." },
  {
    dest: "output",
    flags: ["--output", "-o"],
    nargs: 1,
    choices: OUTPUT_FORMATS,
    lowercase: true,
    default: "json",
    group: "Global",
    help: "Output format",
  },
  {
    dest: "query",
    flags: ["--query"],
    nargs: 1,
    group: "Global",
    help: "JMESPath query string. See http://jmespath.org/ for more information and examples.",
  },
];

export const RESOURCE_TYPES = ["oss-rdbms", "arm", "aad-graph", "ms-graph", "batch", "media", "data-lake"] as const;

const SUBSCRIPTION = {
  dest: "subscription",
  flags: ["--subscription", "-s", "--name", "-n"],
  nargs: 1,
  help: "Name or ID of subscription.",
} as const satisfies OptionSpec;

const GET_ACCESS_TOKEN_EXAMPLES: ExampleSpec[] = [
  { summary: "Get an access token for the current account", command: "az account get-access-token\n" },
  {
    summary: "Get an access token for a specific subscription",
    command: "az account get-access-token --subscription 00000000-0000-0000-0000-000000000000\n",
  },
  {
    summary: "Get an access token for a specific tenant",
    command: "az account get-access-token --tenant 00000000-0000-0000-0000-000000000000\n",
  },
  { summary: "Get an access token to use with MS Graph API", command: "az account get-access-token --resource-type ms-graph\n" },
];

const GET_ACCESS_TOKEN: Omit<CommandDefinition<GetAccessTokenOptions>, "path" | "examples"> = {
  summary: "Get a token for utilities to access Azure.",
  description:
    "The token will be valid for at least 5 minutes with the maximum at 60 minutes. If the subscription argument isn't specified, the current account is used.\n",
  options: [
    SUBSCRIPTION,
    { dest: "resource", flags: ["--resource"], nargs: 1, help: "Azure resource endpoints in AAD v1.0." },
    { dest: "scope", flags: ["--scope"], nargs: "*", help: "Space-separated AAD scopes in AAD v2.0. Default to Azure Resource Manager." },
    { dest: "resourceType", flags: ["--resource-type"], nargs: 1, choices: RESOURCE_TYPES, ignoreCase: true, help: "Type of well-known resource." },
    {
      dest: "tenant",
      flags: ["--tenant", "-t"],
      nargs: 1,
      help: "Tenant ID for which the token is acquired. Only available for user and service principal account, not for MSI or Cloud Shell account",
    },
  ],
  skipsCommander: true,
  load: () => import("./commands/account/get-access-token.js"),
};

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
    { dest: "federatedToken", flags: ["--federated-token"], nargs: 1, help: "Federated token that can be used for OIDC token exchange." },
    // latest az only (2.69+ / 2.76+)
    { dest: "certificate", flags: ["--certificate"], nargs: 1, help: "PEM file with key and public certificate." },
    { dest: "clientId", flags: ["--client-id"], nargs: 1, group: MSI_GROUP, help: "Client ID of the user-assigned managed identity." },
    { dest: "objectId", flags: ["--object-id"], nargs: 1, group: MSI_GROUP, help: "Object ID of the user-assigned managed identity." },
    { dest: "resourceId", flags: ["--resource-id"], nargs: 1, group: MSI_GROUP, help: "Resource ID of the user-assigned managed identity." },
    {
      dest: "claimsChallenge",
      flags: ["--claims-challenge"],
      nargs: 1,
      help: "Base64-encoded claims challenge requested by a resource API in the WWW-Authenticate header.",
    },
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
  defineCommand<GetAccessTokenOptions>({ path: ["account", "get-access-token"], examples: GET_ACCESS_TOKEN_EXAMPLES, ...GET_ACCESS_TOKEN }),
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
  // Ours, not az's: a short alias of `account get-access-token`.
  defineCommand<GetAccessTokenOptions>({
    path: ["get-token"],
    examples: GET_ACCESS_TOKEN_EXAMPLES.map((e) => ({ ...e, command: e.command.replace("az account get-access-token", "az get-token") })),
    ...GET_ACCESS_TOKEN,
  }),
  // Ours, not az's: `shim install` / `shim uninstall` (src/cli/commands/shim/specs.ts).
  ...SHIM_COMMANDS,
  // Ours: `exec-credential` and `kubeconfig convert` (src/cli/commands/kubernetes/specs.ts).
  ...KUBERNETES_COMMANDS,
];

/** Command groups (only `account`), with their help summaries. */
export const GROUPS: ReadonlyMap<string, string> = new Map([["account", "Manage Azure subscription information."], SHIM_GROUP, KUBECONFIG_GROUP]);
