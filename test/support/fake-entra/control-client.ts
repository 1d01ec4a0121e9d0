// Drives a fake running in another process (main.ts / dist/fake-entra.js) through its control API.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import type { Fault, FaultTarget } from "./faults.js";
import type { LoggedRequest, ConnectAttempt } from "./request-log.js";
import type { FakeEntraInfo, FakeEntraOptions, SettingsPatch } from "./types.js";

export interface FakeEntraClient {
  info: FakeEntraInfo;
  /** `times` Infinity = until cleared. */
  failNext(target: FaultTarget, fault: Fault, times?: number, when?: Record<string, string>): Promise<void>;
  clearFaults(): Promise<void>;
  approveDeviceCode(userCode: string, username?: string): Promise<void>;
  denyDeviceCode(userCode: string): Promise<void>;
  revokeRefreshTokens(refreshToken?: string): Promise<void>;
  updateSettings(patch: SettingsPatch): Promise<void>;
  log(route?: string): Promise<LoggedRequest[]>;
  clearLog(): Promise<void>;
  connects(): Promise<ConnectAttempt[]>;
  countTokenRequests(grantType?: string): Promise<number>;
  shutdown(): Promise<void>;
}

export function connectFakeEntra(info: FakeEntraInfo): FakeEntraClient {
  async function call<T>(method: string, action: string, body?: unknown): Promise<T> {
    const res = await fetch(`${info.controlUrl}/${action}`, {
      method,
      headers: { "Content-Type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await res.json()) as { ok: boolean; result: T; error?: string };
    if (!answer.ok) throw new Error(`fake-entra control ${action}: ${answer.error}`);
    return answer.result;
  }
  const post = (action: string, body: unknown = {}) => call<void>("POST", action, body);
  return {
    info,
    failNext: (target, fault, times = 1, when) => post("fail", { target, fault, times: times === Infinity ? -1 : times, when }),
    clearFaults: () => post("clear-faults"),
    approveDeviceCode: (userCode, username) => post("approve", { userCode, username }),
    denyDeviceCode: (userCode) => post("deny", { userCode }),
    revokeRefreshTokens: (refreshToken) => post("revoke", { refreshToken }),
    updateSettings: (patch) => post("settings", patch),
    log: (route) => call<LoggedRequest[]>("GET", route ? `log?route=${encodeURIComponent(route)}` : "log"),
    clearLog: () => call<void>("DELETE", "log"),
    connects: () => call<ConnectAttempt[]>("GET", "connects"),
    countTokenRequests: async (grantType) =>
      (await call<LoggedRequest[]>("GET", "log?route=token")).filter((e) => !grantType || e.form?.grant_type === grantType).length,
    shutdown: () => post("shutdown"),
  };
}

export interface SpawnedFakeEntra extends FakeEntraClient {
  child: ChildProcess;
  /** Asks the fake to shut down and waits for the process to exit (SIGKILL after 5 s). */
  stop(): Promise<void>;
}

/**
 * Runs the fake as a child process and waits for its ready line. `command` defaults to the bundle
 * (`node dist/fake-entra.js`); the child exits when this process does.
 */
export async function spawnFakeEntra(options: { command?: string[]; config?: FakeEntraOptions; cwd?: string } = {}): Promise<SpawnedFakeEntra> {
  const [cmd, ...args] = options.command ?? [process.execPath, "dist/fake-entra.js"];
  const child = spawn(cmd!, [...args, "--exit-with-parent", "--config-json", JSON.stringify(options.config ?? {})], {
    cwd: options.cwd ?? process.cwd(),
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const info = await new Promise<FakeEntraInfo>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      try {
        resolve(JSON.parse(line) as FakeEntraInfo);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    child.once("exit", (code) => reject(new Error(`fake-entra exited (${code}) before it was ready`)));
  });
  const client = connectFakeEntra(info);
  return {
    ...client,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await client.shutdown().catch(() => child.kill("SIGTERM"));
      await exited;
      clearTimeout(timer);
    },
  };
}
