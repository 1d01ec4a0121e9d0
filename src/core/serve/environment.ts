// The variables that point clients at a running `serve`, in the forms `--print-env` prints: a POSIX shell,
// PowerShell, cmd.exe, an env file, or `docker run` flags.
import { APP_SERVICE_PATH } from "./app-service.js";
import type { EnvFormat } from "./env-formats.js";
import { DOCKER_HOST_NAME, isLoopback, isUnspecified, urlHost, type Binding } from "./guard.js";


/** What a running server announces: where it listens, its secret, and (in the background) its process id. */
export interface ServeEndpoint {
  binding: Binding;
  secret: string;
  pid?: number;
}

/** Where a Unix socket appears inside a container (`docker run -v PATH:/run/aztoken.sock`). */
const CONTAINER_SOCKET = "/run/aztoken.sock";

type Variables = [name: string, value: string][];

/** `base` is the URL clients use for the server; the socket form names no real host (curl --unix-socket). */
function variables(endpoint: ServeEndpoint, base: string, socket: string | undefined): Variables {
  return [
    ["IDENTITY_ENDPOINT", `${base}${APP_SERVICE_PATH}`],
    ["IDENTITY_HEADER", endpoint.secret],
    ["AZD_AUTH_ENDPOINT", base],
    ["AZD_AUTH_KEY", endpoint.secret],
    ...(socket ? [["AZTOKEN_SOCKET", socket] as [string, string]] : []),
  ];
}

/** The base URL for clients on this machine: a wildcard bind is reached on loopback. */
function localBase(binding: Binding): string {
  if (binding.kind === "socket") return "http://localhost";
  const host = isUnspecified(binding.host) ? "127.0.0.1" : urlHost(binding.host);
  return `http://${host}:${binding.port}`;
}

export function formatEnvironment(format: EnvFormat, endpoint: ServeEndpoint): string {
  if (format === "docker") return dockerFlags(endpoint);
  const { binding } = endpoint;
  const vars = variables(endpoint, localBase(binding), binding.kind === "socket" ? binding.path : undefined);
  if (endpoint.pid !== undefined) vars.push(["AZTOKEN_SERVE_PID", String(endpoint.pid)]);
  const line = LINE_FORMATS[format];
  return vars.map(([name, value]) => `${line(name, value)}\n`).join("");
}

const LINE_FORMATS: Record<Exclude<EnvFormat, "docker">, (name: string, value: string) => string> = {
  sh: (name, value) => `export ${name}='${value.replace(/'/g, `'\\''`)}'`,
  pwsh: (name, value) => `$env:${name} = '${value.replace(/'/g, "''")}'`,
  cmd: (name, value) => `set "${name}=${value}"`,
  dotenv: (name, value) => `${name}=${/^[\w./:@%+,=-]*$/.test(value) ? value : JSON.stringify(value)}`,
};

/**
 * One line of `docker run` flags. A container reaches a wildcard-bound server as host.docker.internal (Docker
 * maps it to the host's bridge address), one bound to a given address at that address, a loopback-bound one
 * only with host networking; a Unix socket is mounted.
 */
function dockerFlags(endpoint: ServeEndpoint): string {
  const { binding } = endpoint;
  let flags: string[];
  let vars: Variables;
  if (binding.kind === "socket") {
    flags = ["-v", `${binding.path}:${CONTAINER_SOCKET}`];
    vars = variables(endpoint, "http://localhost", CONTAINER_SOCKET);
  } else if (isLoopback(binding.host)) {
    flags = ["--network=host"];
    vars = variables(endpoint, localBase(binding), undefined);
  } else if (isUnspecified(binding.host)) {
    flags = [`--add-host=${DOCKER_HOST_NAME}:host-gateway`];
    vars = variables(endpoint, `http://${DOCKER_HOST_NAME}:${binding.port}`, undefined);
  } else {
    flags = [];
    vars = variables(endpoint, localBase(binding), undefined);
  }
  return `${[...flags, ...vars.flatMap(([name, value]) => ["-e", `${name}=${value}`])].join(" ")}\n`;
}
