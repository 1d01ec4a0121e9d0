// kubectl without kubelogin: the real kubectl talks to a fake Kubernetes API server on loopback HTTPS that
// accepts only tokens the fake Entra ID issued for the cluster's server application. Its kubeconfig is what
// `az aks get-credentials` writes, turned by `aztoken kubeconfig convert` into one that runs
// `aztoken exec-credential`. The 20-process run is kubectl-parallel.test.ts (a solo suite).
// Needs `npm run build` first (npm test does it).
import { describe, expect, it } from "vitest";
import { addCachedAccessToken, AKS_SERVER_ID } from "../support/cached-token.js";
import { KUBECTL, KUBECTL_SUITE, KUBECTL_TIMEOUT_MS as TIMEOUT_MS, SERVER_SCOPE, useKubectlWorld } from "../support/kubectl-world.js";

const world = useKubectlWorld();
const { suite, tokenRequests, convertedKubeconfig, kubectl } = world;

describe.skipIf(!KUBECTL)(`${KUBECTL_SUITE} through a converted kubeconfig`, () => {
  it.each([
    ["az aks get-credentials with kubelogin (exec, v1beta1)", "kubelogin-devicecode.yaml", (text: string) => text],
    ["the same with an exec apiVersion v1 (kubectl asks for v1 in KUBERNETES_EXEC_INFO)", "kubelogin-devicecode.yaml", (text: string) => text.replace("client.authentication.k8s.io/v1beta1", "client.authentication.k8s.io/v1")],
    ["the legacy auth-provider azure", "legacy-auth-provider.yaml", (text: string) => text],
  ])(
    "%s: `kubectl get --raw /api` succeeds; the token is refreshed once for <server-id>/.default, then cached",
    async (_shape, file, edit) => {
      const where = suite.profile("user");
      const kubeconfig = await convertedKubeconfig(where, file, edit);
      const first = await kubectl(["get", "--raw", "/api"], where, kubeconfig);
      expect(first.stderr).toBe("");
      expect(first.rc).toBe(0);
      expect(JSON.parse(first.stdout)).toMatchObject({ kind: "APIVersions", versions: ["v1"] });
      expect(tokenRequests()).toHaveLength(1);
      expect(tokenRequests()[0]!.form?.scope?.split(" ")).toContain(SERVER_SCOPE);
      // kubectl 1.32 also asks for /version first; every request carries the one token
      expect(world.kubeApi.requests.map((request) => `${request.path.split("?")[0]} ${request.status}`)).toContain("/api 200");
      expect(world.kubeApi.requests.every((request) => request.status === 200)).toBe(true);
      expect(suite.fake.verifyAccessToken(world.kubeApi.requests[0]!.token!)).toMatchObject({ aud: AKS_SERVER_ID });

      const second = await kubectl(["get", "--raw", "/api"], where, kubeconfig);
      expect(second.rc, second.stderr).toBe(0);
      expect(tokenRequests()).toHaveLength(1);
      expect(new Set(world.kubeApi.requests.map((request) => request.token))).toEqual(new Set([world.kubeApi.requests[0]!.token]));
    },
    TIMEOUT_MS,
  );

  it(
    "an expired cached token is refreshed once: the API server never sees it, the next kubectl uses the new one",
    async () => {
      const where = suite.profile("user");
      const stale = addCachedAccessToken(where.configDir, SERVER_SCOPE, Math.floor(Date.now() / 1000) - 60);
      const kubeconfig = await convertedKubeconfig(where, "kubelogin-devicecode.yaml");
      const runs = [await kubectl(["get", "--raw", "/api"], where, kubeconfig), await kubectl(["get", "--raw", "/api"], where, kubeconfig)];
      expect(runs.map((run) => [run.rc, run.stderr])).toEqual([
        [0, ""],
        [0, ""],
      ]);
      expect(tokenRequests()).toHaveLength(1);
      expect(world.kubeApi.requests.every((request) => request.status === 200)).toBe(true);
      expect(world.kubeApi.requests.some((request) => request.token === stale)).toBe(false);
      expect(new Set(world.kubeApi.requests.map((request) => request.token)).size).toBe(1);
    },
    TIMEOUT_MS,
  );

  it(
    "without a sign-in kubectl fails with aztoken's one line in its own message, and no request is made",
    async () => {
      const where = suite.profile("empty");
      const kubeconfig = await convertedKubeconfig(where, "kubelogin-devicecode.yaml");
      const run = await kubectl(["get", "--raw", "/api"], where, kubeconfig);
      expect(run.rc).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain("ERROR: Please run 'az login' to setup account.\n");
      expect(run.stderr).toMatch(/getting credentials: exec: executable aztoken failed with exit code 1/);
      expect(tokenRequests()).toEqual([]);
      expect(world.kubeApi.requests.every((request) => request.token === undefined)).toBe(true);
    },
    TIMEOUT_MS,
  );

  it(
    "the fake API server turns away a token the fake Entra ID issued for another audience (the check can fail)",
    async () => {
      const where = suite.profile("user");
      const kubeconfig = await convertedKubeconfig(where, "kubelogin-devicecode.yaml", (text) => text.replaceAll(AKS_SERVER_ID, "https://management.core.windows.net/"));
      const run = await kubectl(["get", "--raw", "/api"], where, kubeconfig);
      expect(run.rc).toBe(1);
      expect(run.stderr).toMatch(/Unauthorized/);
      expect(world.kubeApi.requests.length).toBeGreaterThan(0);
      expect(world.kubeApi.requests.every((request) => request.status === 401)).toBe(true);
    },
    TIMEOUT_MS,
  );
});
