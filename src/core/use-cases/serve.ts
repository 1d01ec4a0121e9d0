// `serve`: the account's tokens for local clients, over the App Service managed-identity protocol and azd's
// external authentication. In the foreground it prints the variables as an env file, logs a line per request
// and stops on SIGINT/SIGTERM or after --idle-timeout; with --print-env it starts itself in the background
// (as ssh-agent does) and prints the variables for a shell, an env file or `docker run`.
import type { Deps } from "../../infra/deps.js";
import type { ListenTarget, ServeHost } from "../../infra/serve-types.js";
import { AzError, RawError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { ProfileSession } from "../profile/session.js";
import type { EnvFormat } from "../serve/env-formats.js";
import { formatEnvironment, type ServeEndpoint } from "../serve/environment.js";
import { AllowList, isLoopback, urlHost, type Binding } from "../serve/guard.js";
import { accountClientId } from "../serve/identity.js";
import { describeFailure, type ProtocolContext } from "../serve/protocol.js";
import { newSecret, secretChecker } from "../serve/secret.js";
import { startTokenServer, type TokenServer } from "../serve/server.js";
import { TokenMemory } from "../serve/token-memory.js";
import { tokenSource } from "./get-access-token.js";

export interface ServeOptions {
  subscription?: string;
  tenant?: string;
  bind?: string;
  port?: string;
  socket?: string;
  allowResource?: string[];
  allowScope?: string[];
  idleTimeout?: string;
  printEnv?: EnvFormat;
}

/** Set for the copy of `serve` that --print-env starts: it announces itself as one JSON line, then goes quiet. */
export const BACKGROUND_ENV = "AZTOKEN_SERVE_BACKGROUND";
const DEFAULT_BIND = "127.0.0.1";

/** Runs the server in the foreground until a signal or the idle timeout. */
export async function serveTokens(options: ServeOptions, session: ProfileSession, deps: Deps, logger: Logger): Promise<void> {
  const target = listenTarget(options);
  const idleMs = idleTimeoutMs(options.idleTimeout);
  const background = deps.env[BACKGROUND_ENV] === "1";
  const quiet = new QuietSwitch();
  const out = quiet.logger(logger);
  const source = tokenSource(options, session, deps, out);
  const host = await deps.serveHost();
  const secret = newSecret();

  const tokens = new TokenMemory((target) => source.credential.getToken({ scopes: target.scopes, ...tenantOf(target.tenant ?? source.tenant) }), {
    clock: deps.clock,
    setTimer: host.setTimer,
    onBackgroundError: (target, error) => out.warning(`Refreshing ${target.scopes.join(" ")} ahead of expiry failed: ${describeFailure(error).message}`),
  });
  const server = await listen(host, target, {
    secretMatches: secretChecker(secret),
    allowList: new AllowList(options.allowResource, options.allowScope),
    tokens,
    clientId: accountClientId(source.account, deps.env.ACC_CLOUD !== undefined),
    tenantId: source.tenant ?? source.account.tenantId,
  }, deps, quiet);

  // signal handlers before the announcement: whoever reads it may stop us at once
  const stopped = untilStopped(host, server, idleMs, deps);
  const endpoint: ServeEndpoint = { binding: server.binding, secret };
  if (background) {
    deps.io.stdout.write(`${JSON.stringify(endpoint)}\n`);
    quiet.mute();
  } else {
    warnIfExposed(server.binding, out);
    deps.io.stdout.write(formatEnvironment("dotenv", endpoint));
    quiet.write(deps, `Serving tokens of ${source.account.user.name} (subscription ${source.account.name}) at ${describeBinding(server.binding)}. Ctrl+C stops.\n`);
  }

  const reason = await stopped;
  tokens.stop();
  await server.stop();
  quiet.write(deps, `Stopped (${reason}).\n`);
}

/** --print-env: starts `serve` in the background with `argv` and returns the variables in `format`. */
export async function serveInBackground(format: EnvFormat, argv: readonly string[], options: ServeOptions, deps: Deps, logger: Logger): Promise<string> {
  listenTarget(options);
  idleTimeoutMs(options.idleTimeout);
  const host = await deps.serveHost();
  const started = await host.startInBackground(argv, { ...deps.env, [BACKGROUND_ENV]: "1" });
  if (started.kind === "exited") {
    throw new RawError(started.stderr || `ERROR: aztoken serve stopped before it was ready (exit code ${started.exitCode}).\n`, started.exitCode || 1);
  }
  const announced = JSON.parse(started.line) as ServeEndpoint;
  warnIfExposed(announced.binding, logger);
  return formatEnvironment(format, { ...announced, pid: started.pid });
}

function warnIfExposed(binding: Binding, logger: Logger): void {
  if (binding.kind === "tcp" && !isLoopback(binding.host)) {
    logger.warning(`${binding.host} is not a loopback address: anyone who can reach port ${binding.port} and holds the secret gets your tokens.`);
  }
}

function tenantOf(tenant: string | undefined): { tenant?: string } {
  return tenant !== undefined ? { tenant } : {};
}

function listenTarget(options: ServeOptions): ListenTarget {
  if (options.socket !== undefined) {
    if (options.bind !== undefined || options.port !== undefined) throw new AzError("--socket cannot be combined with --bind or --port.");
    if (!options.socket) throw new AzError("--socket needs a path.");
    return { socketPath: options.socket };
  }
  const port = options.port === undefined ? 0 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || !/^\d+$/.test(options.port ?? "0")) {
    throw new AzError(`--port must be a number from 0 to 65535, not '${options.port}'.`);
  }
  const host = options.bind || DEFAULT_BIND;
  return { host: host.replace(/^\[(.*)\]$/, "$1"), port };
}

function idleTimeoutMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(seconds > 0)) throw new AzError(`--idle-timeout must be a number of seconds above 0, not '${value}'.`);
  return seconds * 1000;
}

async function listen(host: ServeHost, target: ListenTarget, context: ProtocolContext, deps: Deps, quiet: QuietSwitch): Promise<TokenServer> {
  try {
    return await startTokenServer(host, { target, context, clock: deps.clock, log: (line) => quiet.write(deps, `${line}\n`) });
  } catch (error) {
    const where = "socketPath" in target ? target.socketPath : `${target.host}:${target.port}`;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "EADDRINUSE" ? "the address is in use" : code === "EADDRNOTAVAIL" ? "no such local address" : (error as Error).message;
    throw new AzError(`Cannot listen on ${where}: ${reason}.`);
  }
}

function describeBinding(binding: Binding): string {
  return binding.kind === "socket" ? `unix:${binding.path}` : `http://${urlHost(binding.host)}:${binding.port}`;
}

/** Resolves with what stopped the server: a signal, or no request for the idle timeout. */
function untilStopped(host: ServeHost, server: TokenServer, idleMs: number | undefined, deps: Deps): Promise<string> {
  return new Promise((resolve) => {
    let cancelIdle = () => {};
    const removeSignals = host.onShutdownSignal((signal) => stop(signal));
    const stop = (reason: string) => {
      removeSignals();
      cancelIdle();
      resolve(reason);
    };
    // checked when the timeout could first have passed since the last request, so requests cost no timer work
    const watchIdle = (delayMs: number) => {
      cancelIdle = host.setTimer(delayMs, () => {
        const idle = deps.clock.now() - server.lastRequestAt();
        if (idle >= idleMs!) stop(`no request for ${idleMs! / 1000} s`);
        else watchIdle(idleMs! - idle);
      });
    };
    if (idleMs !== undefined) watchIdle(idleMs);
  });
}

/**
 * Output that the background copy silences once its parent has read the announcement (nobody reads its pipes
 * then), and that never lets a failed write to stderr stop the server.
 */
class QuietSwitch {
  private muted = false;

  mute(): void {
    this.muted = true;
  }

  write(deps: Deps, text: string): void {
    if (this.muted) return;
    try {
      deps.io.stderr.write(text);
    } catch {
      // stderr closed: the server goes on without its log
    }
  }

  logger(inner: Logger): Logger {
    const guard = (write: (message: string) => void) => (message: string) => {
      if (this.muted) return;
      try {
        write(message);
      } catch {
        // as above
      }
    };
    return {
      get debugEnabled() {
        return inner.debugEnabled;
      },
      warning: guard((m) => inner.warning(m)),
      info: guard((m) => inner.info(m)),
      debug: guard((m) => inner.debug(m)),
    };
  }
}
