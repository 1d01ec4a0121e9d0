// The `serve` command as a command-table entry (aztoken's own, not az's); cli/command-table.ts lists it.
import { ENV_FORMATS } from "../../../core/serve/env-formats.js";
import type { ServeOptions } from "../../../core/use-cases/serve.js";
import { defineCommand, type CommandSpec } from "../../spec.js";

export const SERVE_COMMAND: CommandSpec = defineCommand<ServeOptions>({
  path: ["serve"],
  summary: "Serve the signed-in account's tokens to local apps, SDKs, containers and azd.",
  description:
    "Listens on 127.0.0.1 (or --bind, or a Unix socket) and answers the App Service managed-identity protocol (IDENTITY_ENDPOINT, IDENTITY_HEADER), which every Azure SDK's ManagedIdentityCredential and DefaultAzureCredential speak, and azd's external authentication (AZD_AUTH_ENDPOINT, AZD_AUTH_KEY). Tokens come from memory and from the same cache as get-access-token, refreshed ahead of expiry. Every request must carry the secret made for this start. In the foreground the variables are printed as an env file and each request is logged on stderr; Ctrl+C stops. With --print-env the server starts in the background and the variables are printed for a shell, an env file or docker run; stop it with kill $AZTOKEN_SERVE_PID.",
  options: [
    { dest: "subscription", flags: ["--subscription", "-s"], nargs: 1, help: "Name or ID of the subscription whose account's tokens are served. Default: the current one." },
    { dest: "tenant", flags: ["--tenant", "-t"], nargs: 1, help: "Tenant ID for which tokens are acquired (user and service principal accounts)." },
    { dest: "bind", flags: ["--bind"], nargs: 1, help: "Address to listen on. Default: 127.0.0.1. Anything but a loopback address is reachable from other machines." },
    { dest: "port", flags: ["--port"], nargs: 1, help: "TCP port. Default: one the system chooses." },
    { dest: "socket", flags: ["--socket"], nargs: 1, help: "Listen on a Unix socket at this path (created 0600) instead of TCP." },
    { dest: "allowResource", flags: ["--allow-resource"], nargs: "+", help: "Serve only these resources (AAD v1.0); requests for others get 403." },
    { dest: "allowScope", flags: ["--allow-scope"], nargs: "+", help: "Serve only these scopes (AAD v2.0); requests for others get 403." },
    { dest: "idleTimeout", flags: ["--idle-timeout"], nargs: 1, help: "Stop after this many seconds without a request." },
    {
      dest: "printEnv",
      flags: ["--print-env"],
      nargs: 1,
      choices: ENV_FORMATS,
      help: "Start in the background and print the variables for a POSIX shell, PowerShell, cmd.exe, an env file, or docker run.",
    },
  ],
  examples: [
    { summary: "Serve in the foreground; the variables are printed as an env file.", command: "aztoken serve" },
    { summary: "Start in the background and point this shell's SDKs at it.", command: 'eval "$(aztoken serve --print-env sh)"' },
    {
      summary: "Give a container the developer's sign-in.",
      command: "docker run $(aztoken serve --bind 0.0.0.0 --allow-resource https://vault.azure.net --print-env docker) myimage",
    },
  ],
  load: () => import("./serve.js"),
});
