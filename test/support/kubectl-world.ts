// Shared by the kubectl suites: the real kubectl (when installed), the fake Entra ID, a fake Kubernetes API
// server that accepts only the fake's tokens for AKS's server application, an `aztoken` launcher on PATH (what
// `npm install -g aztoken` leaves there), and kubeconfigs as `az aks get-credentials` writes them, converted by
// `aztoken kubeconfig convert`.
import { execFile, execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { AKS_SERVER_ID } from "./cached-token.js";
import { useFakeEntra, type FakeEntraSuite } from "./fake-entra-suite.js";
import { startFakeKubeApi, type FakeKubeApi } from "./fake-kube-api.js";
import type { TempProfile } from "./profile-fixture.js";
import { CLI_BIN, REPO_ROOT } from "./paths.js";
import { runCliProcess, type CliRun } from "./run-cli.js";

export const KUBECTL = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"].find((path) => existsSync(path));
export const KUBECTL_VERSION = KUBECTL && /Client Version: (\S+)/.exec(execFileSync(KUBECTL, ["version", "--client"], { encoding: "utf8" }))?.[1];
/** The suite title: names the kubectl, or says in one line that the suite is skipped. */
export const KUBECTL_SUITE = `kubectl ${KUBECTL_VERSION ?? "(not installed: these tests are skipped)"}`;
export const SERVER_SCOPE = `${AKS_SERVER_ID}/.default`;
export const KUBECTL_TIMEOUT_MS = 120_000;
const SHAPES = join(REPO_ROOT, "test", "support", "kubeconfigs");

export interface KubectlWorld {
  readonly suite: FakeEntraSuite;
  readonly kubeApi: FakeKubeApi;
  /** Entra token requests since the test began. */
  tokenRequests(): { form?: Record<string, string> }[];
  /** A kubeconfig of the given shape (test/support/kubeconfigs) pointing at the fake API server, converted by aztoken. */
  convertedKubeconfig(where: TempProfile, shape: string, edit?: (text: string) => string): Promise<string>;
  /** kubectl as a person runs it: aztoken on PATH, the profile's AZURE_CONFIG_DIR, the fake Entra ID's proxy and CA. */
  kubectl(args: string[], where: TempProfile, kubeconfig: string): Promise<CliRun>;
}

export function useKubectlWorld(): KubectlWorld {
  const suite = useFakeEntra();
  let kubeApi: FakeKubeApi | undefined;
  let binDir = "";
  beforeAll(async () => {
    kubeApi = await startFakeKubeApi({ serverId: AKS_SERVER_ID, verify: (token) => suite.fake.verifyAccessToken(token) });
    binDir = mkdtempSync(join(tmpdir(), "aztoken-kubectl-bin-"));
    writeFileSync(join(binDir, "aztoken"), `#!/bin/sh\nexec "${process.execPath}" "${CLI_BIN}" "$@"\n`);
    chmodSync(join(binDir, "aztoken"), 0o755);
  });
  afterAll(async () => {
    await kubeApi?.close();
    if (binDir) rmSync(binDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    suite.fake.log.clear();
    suite.fake.clearFaults();
    kubeApi?.requests.splice(0);
  });
  const api = (): FakeKubeApi => {
    if (!kubeApi) throw new Error("the fake Kubernetes API server is not running yet");
    return kubeApi;
  };

  return {
    suite,
    get kubeApi() {
      return api();
    },
    tokenRequests: () => suite.fake.log.entries.filter((entry) => entry.route === "token"),
    async convertedKubeconfig(where, shape, edit = (text) => text) {
      const file = join(where.home, "kubeconfig");
      const text = readFileSync(join(SHAPES, shape), "utf8")
        .replace(/server: https:\/\/\S+/g, `server: ${api().url}`)
        .replace(/certificate-authority-data: \S+/g, `certificate-authority-data: ${Buffer.from(api().caPem).toString("base64")}`);
      writeFileSync(file, edit(text), { mode: 0o600 });
      const convert = await runCliProcess(["kubeconfig", "convert", "--kubeconfig", file], { home: where.home, configDir: where.configDir });
      expect(convert.rc, convert.stderr).toBe(0);
      expect(readFileSync(file, "utf8")).toContain("exec-credential");
      return file;
    },
    kubectl(args, where, kubeconfig) {
      const env = { PATH: `${binDir}:/usr/bin:/bin`, HOME: where.home, AZURE_CONFIG_DIR: where.configDir, KUBECONFIG: kubeconfig, TZ: "UTC", ...suite.fake.env };
      return new Promise((resolve) => {
        execFile(KUBECTL!, args, { env, cwd: "/", timeout: KUBECTL_TIMEOUT_MS, encoding: "utf8" }, (error, stdout, stderr) => {
          const code = (error as (Error & { code?: unknown }) | null)?.code;
          resolve({ rc: error ? (typeof code === "number" ? code : 1) : 0, stdout, stderr });
        });
      });
    },
  };
}
