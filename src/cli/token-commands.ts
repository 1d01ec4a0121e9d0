// The commands that print a token (account get-access-token, get-token, exec-credential), apart from the rest
// of the command table. az loads only the command that a command line's words name exactly (argparse.ts,
// trimCommandTable), so these parse from their own specs alone: the cache-hit path, which runs them, never
// loads the other commands' specs and help texts (cli/command-table.ts lists every command, these included).
import type { GetAccessTokenOptions } from "../core/use-cases/get-access-token.js";
import { commandNamed, commandWords } from "./argparse.js";
import { EXEC_CREDENTIAL_COMMAND } from "./commands/kubernetes/exec-credential-spec.js";
import { defineCommand, type CommandDefinition, type CommandSpec, type ExampleSpec, type OptionSpec } from "./spec.js";

export const RESOURCE_TYPES = ["oss-rdbms", "arm", "aad-graph", "ms-graph", "batch", "media", "data-lake"] as const;

export const SUBSCRIPTION = {
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

export const ACCOUNT_GET_ACCESS_TOKEN = defineCommand<GetAccessTokenOptions>({ path: ["account", "get-access-token"], examples: GET_ACCESS_TOKEN_EXAMPLES, ...GET_ACCESS_TOKEN });

// Ours, not az's: a short alias of `account get-access-token`.
export const GET_TOKEN = defineCommand<GetAccessTokenOptions>({
  path: ["get-token"],
  examples: GET_ACCESS_TOKEN_EXAMPLES.map((e) => ({ ...e, command: e.command.replace("az account get-access-token", "az get-token") })),
  ...GET_ACCESS_TOKEN,
});

export const TOKEN_COMMANDS: readonly CommandSpec[] = [ACCOUNT_GET_ACCESS_TOKEN, GET_TOKEN, EXEC_CREDENTIAL_COMMAND];

/** The token command whose path argv's leading words are, exactly (case aside, as az lower-cases them). */
export function tokenCommandNamed(argv: readonly string[]): CommandSpec | undefined {
  return commandNamed(TOKEN_COMMANDS, commandWords(argv).join(" ").toLowerCase());
}
