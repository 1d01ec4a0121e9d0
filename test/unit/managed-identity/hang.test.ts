// A hung endpoint times out: the real HttpClient against the fake, in process, with a short attempt time-out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acquireManagedIdentityToken } from "../../../src/core/credentials/managed-identity-network.js";
import type { AzError } from "../../../src/core/errors.js";
import { createHttpClient } from "../../../src/infra/http.js";
import { startFakeEntra, type FakeEntra } from "../../support/fake-entra/index.js";
import { harness, RESOURCE, SELECTORS } from "./helpers.js";
import { useMsalEnv } from "./msal-env.js";

useMsalEnv({}); // IMDS for MSAL too
let fake: FakeEntra;
beforeAll(async () => void (fake = await startFakeEntra()));
afterAll(async () => fake?.close());

async function hangs(env: Record<string, string>, route: "imds" | "cloudshell") {
  fake.failAlways(route, { hang: true });
  const { context } = harness({ ...process.env, ...env }, createHttpClient({ env }), { nowMs: () => Date.now() });
  const started = Date.now();
  const error = (await acquireManagedIdentityToken(
    { context, selector: SELECTORS.system!, resource: RESOURCE, cloudShell: false },
    { attemptTimeoutMs: 400, fileExists: () => false },
  ).catch((e: unknown) => e)) as AzError;
  fake.clearFaults();
  return { error, elapsed: Date.now() - started };
}

describe("a hung managed-identity endpoint", () => {
  it("IMDS (through the proxy) gives up after the attempt time-out, without retrying", async () => {
    const { error, elapsed } = await hangs({ ...fake.env }, "imds");
    expect(error.message).toBe(
      "Failed to connect to MSI. Please make sure MSI is configured correctly and check the network connection.\nError detail: Connection to 169.254.169.254 (via proxy 127.0.0.1:" +
        fake.httpPort +
        ") timed out after 0.4 s",
    );
    expect(elapsed).toBeLessThan(3000);
    expect(fake.log.entries.filter((e) => e.route === "imds")).toHaveLength(1);
  });

  it("Cloud Shell likewise", async () => {
    const { error } = await hangs({ ...fake.env, ...fake.managedIdentityEnv("cloudshell") }, "cloudshell");
    expect(error.message).toMatch(/check the network connection\.\nError detail: Connection to 127\.0\.0\.1:\d+ .*timed out after 0\.4 s$/);
  });
});
