// Shared by the federated-login suites: a simulated CI job (or Kubernetes pod) against the fake Entra ID. The job
// has its own HOME/AZURE_CONFIG_DIR and environment; its clock and the fake's move together (the CLI processes get
// the clock-offset preload), so hours of a job pass in seconds.
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FakeEntra, LoggedRequest } from "../support/fake-entra/index.js";
import { CI_SP_CLIENT_ID, FEDERATED_AUDIENCE, KUBERNETES_ISSUER, KUBERNETES_SUBJECT, T1 } from "../support/fake-entra/index.js";
import { REPO_ROOT } from "../support/paths.js";
import { runCliProcess, type CliRun } from "../support/run-cli.js";
import { tempHome, type TempHome } from "./login-support.js";

export const CLOCK_PRELOAD = join(REPO_ROOT, "test", "support", "clock-offset.cjs");
export const MINUTE = 60_000;

export type LoginKind = "github" | "azure-pipelines" | "token-file" | "workload-identity";
export const LOGIN_KINDS: readonly LoginKind[] = ["github", "azure-pipelines", "token-file", "workload-identity"];

const SP_LOGIN = ["login", "--service-principal", "-u", CI_SP_CLIENT_ID, "--tenant", T1];

export class CiJob {
  readonly home: TempHome = tempHome();
  /** The projected service account token, for the file-based kinds. */
  readonly tokenFile = join(this.home.home, "azure-identity-token");
  private readonly ciEnv: Record<string, string>;

  constructor(
    readonly fake: FakeEntra,
    readonly kind: LoginKind,
    env: Record<string, string> = {},
  ) {
    const all = fake.ciOidcEnv();
    const pick = (...names: string[]) => Object.fromEntries(names.map((name) => [name, all[name]!]));
    const byKind: Record<LoginKind, Record<string, string>> = {
      github: pick("ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"),
      "azure-pipelines": pick("SYSTEM_OIDCREQUESTURI", "SYSTEM_ACCESSTOKEN", "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID"),
      "token-file": {},
      // what the AKS workload identity webhook injects
      "workload-identity": {
        AZURE_CLIENT_ID: CI_SP_CLIENT_ID,
        AZURE_TENANT_ID: T1,
        AZURE_FEDERATED_TOKEN_FILE: this.tokenFile,
        AZURE_AUTHORITY_HOST: "https://login.microsoftonline.com/",
      },
    };
    this.ciEnv = { ...byKind[kind], ...env };
    if (this.usesTokenFile) this.rotateTokenFile();
  }

  get usesTokenFile(): boolean {
    return this.kind === "token-file" || this.kind === "workload-identity";
  }

  loginArgs(): string[] {
    switch (this.kind) {
      case "github":
        return [...SP_LOGIN, "--federated-token-provider", "github"];
      case "azure-pipelines":
        return [...SP_LOGIN, "--federated-token-provider", "azure-pipelines"];
      case "token-file":
        return [...SP_LOGIN, "--federated-token-file", this.tokenFile];
      case "workload-identity":
        return ["login", "--workload-identity"];
    }
  }

  /** The built CLI in this job: its environment, its profile, the shared simulated clock. */
  run(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
    return runCliProcess(args, {
      home: this.home.home,
      configDir: this.home.configDir,
      timeoutMs: 60_000,
      env: {
        ...this.fake.env,
        ...this.ciEnv,
        NODE_OPTIONS: `--require ${CLOCK_PRELOAD}`,
        AZTOKEN_TEST_CLOCK_OFFSET_MS: String(this.fake.settings.clockOffsetMs),
        ...env,
      },
    });
  }

  login(extra: string[] = []): Promise<CliRun> {
    return this.run([...this.loginArgs(), "-o", "none", ...extra]);
  }

  /** What kubelet does for a projected token volume: a new short-lived token in the file. */
  rotateTokenFile(): string {
    const token = this.fake.issueFederatedToken({ issuer: KUBERNETES_ISSUER, subject: KUBERNETES_SUBJECT, audience: FEDERATED_AUDIENCE });
    writeFileSync(this.tokenFile, `${token}\n`, { mode: 0o600 });
    return token;
  }

  entries(): Record<string, unknown>[] {
    return JSON.parse(readFileSync(join(this.home.configDir, "service_principal_entries.json"), "utf8")) as Record<string, unknown>[];
  }

  /** Every file under the job's HOME, path → bytes (for "untouched" and "never on disk" checks). */
  files(): Map<string, string> {
    const out = new Map<string, string>();
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else out.set(path, readFileSync(path, "latin1"));
      }
    };
    walk(this.home.home);
    return out;
  }

  remove(): void {
    this.home.remove();
  }
}

/** The requests that fetched federated tokens from the CI systems' endpoints. */
export function assertionFetches(log: readonly LoggedRequest[]): LoggedRequest[] {
  return log.filter((entry) => entry.route === "github-idtoken" || entry.route === "azure-pipelines-oidctoken");
}

/** Client-credentials token requests of the CI service principal. */
export function ciTokenRequests(log: readonly LoggedRequest[]): LoggedRequest[] {
  return log.filter((entry) => entry.route === "token" && entry.form?.grant_type === "client_credentials" && entry.form.client_id === CI_SP_CLIENT_ID);
}
