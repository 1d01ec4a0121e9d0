// 20 kubectl processes at once through a converted kubeconfig share one token request (the cache lock of
// get-token); a solo suite, since it starts 40 processes (vitest.config.ts SOLO_SUITES).
// Needs `npm run build` first (npm test does it).
import { describe, expect, it } from "vitest";
import { KUBECTL, KUBECTL_SUITE, KUBECTL_TIMEOUT_MS as TIMEOUT_MS, useKubectlWorld } from "../support/kubectl-world.js";

const world = useKubectlWorld();
const { suite, tokenRequests, convertedKubeconfig, kubectl } = world;

describe.skipIf(!KUBECTL)(`${KUBECTL_SUITE}, many at once`, () => {
  it(
    "20 kubectl processes at once with no cached token make one token request between them",
    async () => {
      const where = suite.profile("user");
      const kubeconfig = await convertedKubeconfig(where, "kubelogin-devicecode.yaml");
      suite.fake.failNext("token", { delayMs: 500 }); // hold the first refresh open while the others queue on the lock
      const runs = await Promise.all(Array.from({ length: 20 }, () => kubectl(["get", "--raw", "/api"], where, kubeconfig)));
      expect(runs.filter((run) => run.rc !== 0).map((run) => run.stderr)).toEqual([]);
      expect(tokenRequests()).toHaveLength(1);
      expect(world.kubeApi.requests.filter((request) => request.path === "/api" && request.status === 200)).toHaveLength(20);
      expect(world.kubeApi.requests.every((request) => request.status === 200)).toBe(true);
      expect(new Set(world.kubeApi.requests.map((request) => request.token)).size).toBe(1);
    },
    TIMEOUT_MS,
  );
});
