// Shared by the real-client tests: one fake Entra ID, one `az` shim in a temp directory, signed-in profiles,
// and the environment a client process sees (the shim first on PATH, the system directories, where the real
// Azure CLI may live, after it; network only to the fake on 127.0.0.1).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { startFakeEntra, type FakeEntra } from "../../support/fake-entra/index.js";
import { makeProfile, type TempProfile } from "../../support/profile-fixture.js";
import { runCliProcess, runProcess } from "../../support/run-cli.js";
import { removeTempDirs, tempDir, type Run } from "../../unit/shim/support.js";

export const T1 = "72f988bf-0000-4000-8000-000000000001";
export const T2 = "2f4a9838-26b7-47ee-be60-ccc1fdec5953";
export const SUBSCRIPTION_ID = "11111111-2222-3333-4444-555555555555";
export const SUBSCRIPTION_NAME = "Contoso Dev";
/** Expiry of every cached token in the `user` fixture (2100-01-01T00:00:00Z). */
export const FIXTURE_EXPIRES_ON = 4102444800;
export const ARM_RESOURCE = "https://management.core.windows.net/";
/** The AKS server application kubelogin asks for; no fixture caches it, so it is always a refresh. */
export const AKS_RESOURCE = "6dae42f8-4368-4678-94ff-3960e28e3630";
/** What the SDKs use when the caller sets nothing: /usr/bin may hold a real Azure CLI, after the shim. */
export const SYSTEM_PATH = "/usr/bin:/usr/local/bin";
/** Client processes may refresh through the fake on a loaded machine: generous, and never asserted on. */
export const CLIENT_TIMEOUT_MS = 60_000;

/** The suite's fake, shim and profiles; the fields are set by the beforeAll hook `useClientWorld` registers. */
export class ClientWorld {
  fake!: FakeEntra;
  shimDir!: string;
  root!: string;
  private readonly profiles: TempProfile[] = [];

  /** A fresh copy of a fixture profile, removed after the suite. */
  profile(fixture: string): TempProfile {
    const made = makeProfile(fixture);
    this.profiles.push(made);
    return made;
  }

  /** A profile directory that has never been signed in. */
  emptyProfile(): TempProfile {
    const home = tempDir("aztoken-client-home-");
    return { home, configDir: join(home, ".azure"), remove: () => undefined };
  }

  /** The environment of a client process using `where`. */
  env(where: TempProfile, extra: Record<string, string> = {}): Record<string, string> {
    return {
      PATH: `${this.shimDir}:${SYSTEM_PATH}`,
      HOME: where.home,
      AZURE_CONFIG_DIR: where.configDir,
      AZURE_CORE_NO_COLOR: "true",
      ...this.fake.env,
      ...extra,
    };
  }

  async setUp(): Promise<void> {
    this.fake = await startFakeEntra();
    this.root = tempDir("aztoken-clients-");
    this.shimDir = join(this.root, "shim");
    const install = await runCliProcess(["shim", "install", "--dir", this.shimDir], { home: this.root, env: { PATH: SYSTEM_PATH } });
    expect(install.rc, install.stderr).toBe(0);
  }

  async tearDown(): Promise<void> {
    this.profiles.splice(0).forEach((made) => made.remove());
    removeTempDirs();
    await this.fake?.close();
  }
}

/** Registers beforeAll/afterAll hooks and returns the world they set up. */
export function useClientWorld(): ClientWorld {
  const world = new ClientWorld();
  beforeAll(() => world.setUp(), CLIENT_TIMEOUT_MS);
  afterAll(() => world.tearDown());
  return world;
}

export interface ExecOptions {
  env: Record<string, string>;
  cwd?: string;
}

/** Runs a program without a shell (as Terraform and kubelogin's own exec do); never rejects on a non-zero rc. */
export function execProgram(file: string, args: readonly string[], options: ExecOptions): Promise<Run> {
  return runProcess(file, args, { cwd: options.cwd ?? "/bin", env: options.env, stdin: "", timeoutMs: CLIENT_TIMEOUT_MS });
}

/** The JSON document a successful run printed, after checking the caller contract (rc 0, stderr empty). */
export function successJson<T = Record<string, unknown>>(run: Run): T {
  expect(run.stderr).toBe("");
  expect(run.rc).toBe(0);
  return JSON.parse(run.stdout) as T;
}

/** Entra token requests the fake received since its log was last cleared. */
export function tokenRequests(fake: FakeEntra) {
  return fake.log.entries.filter((entry) => entry.route === "token");
}

export interface AzToken {
  accessToken: string;
  expires_on: number;
  expiresOn: string;
  tokenType: string;
  tenant: string;
  subscription?: string;
}

/** What `az account get-access-token` prints now for `resource` through the shim (a cache hit after a client ran). */
export async function tokenNow(world: ClientWorld, where: TempProfile, resource: string, tenant?: string): Promise<AzToken> {
  const args = ["account", "get-access-token", "-o", "json", "--resource", resource, ...(tenant ? ["--tenant", tenant] : [])];
  return successJson<AzToken>(await execProgram("az", args, { env: world.env(where) }));
}

/**
 * A client's expiry (epoch ms) against `expires_on` (s) from another aztoken run for the same token. Like az,
 * aztoken reports int(now) + int(expiry - now) with a fractional now, so two runs (or a refresh and the stored
 * entry) may differ by one second; within one run the client's value is exactly expires_on * 1000.
 */
export function expectExpiry(clientMs: number | undefined, expiresOn: number): void {
  expect(clientMs! % 1000).toBe(0);
  expect(Math.abs(clientMs! - expiresOn * 1000)).toBeLessThanOrEqual(1000);
}

/** aztoken's package version, for checking `version` output. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string }).version;
}
