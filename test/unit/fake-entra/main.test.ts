// The standalone fake (main.ts, bundled like dist/fake-entra.js) driven through its control API.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeRequest, spawnFakeEntra, type SpawnedFakeEntra } from "../../support/fake-entra/index.js";
import { AUTHORITY, CLI_CLIENT, refreshForm, USER_SCOPES } from "./helpers.js";

let fake: SpawnedFakeEntra;
beforeAll(async () => {
  const outfile = join(mkdtempSync(join(tmpdir(), "fake-entra-bundle-")), "fake-entra.mjs");
  await build({
    entryPoints: [new URL("../../support/fake-entra/main.ts", import.meta.url).pathname],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    logLevel: "warning",
    banner: { js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);' },
  });
  fake = await spawnFakeEntra({ command: [process.execPath, outfile], config: { deviceCode: { approveAfterPolls: null } } });
});
afterAll(() => fake?.stop());

describe("standalone fake", () => {
  it("prints its info and serves through its proxy", async () => {
    expect(fake.info).toMatchObject({ proxyUrl: `http://127.0.0.1:${fake.info.httpPort}`, env: { NODE_EXTRA_CA_CERTS: fake.info.caPath } });
    expect(fake.info.pid).toBe(fake.child.pid);
    expect((await fakeRequest(fake.info, `${AUTHORITY}/organizations/oauth2/v2.0/token`, { body: refreshForm("fake-rt") })).status).toBe(200);
    expect(await fake.countTokenRequests("refresh_token")).toBe(1);
  });

  it("injects faults, approves device codes and clears the log over the control API", async () => {
    await fake.failNext("token", { status: 503 }, 1);
    expect((await fakeRequest(fake.info, `${AUTHORITY}/organizations/oauth2/v2.0/token`, { body: refreshForm("fake-rt") })).status).toBe(503);
    const dc = (await fakeRequest(fake.info, `${AUTHORITY}/organizations/oauth2/v2.0/devicecode`, { body: { client_id: CLI_CLIENT, scope: USER_SCOPES } })).json<Record<string, string>>();
    const poll = () =>
      fakeRequest(fake.info, `${AUTHORITY}/organizations/oauth2/v2.0/token`, {
        body: { client_id: CLI_CLIENT, grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code: dc.device_code! },
      });
    expect((await poll()).json().error).toBe("authorization_pending");
    await fake.approveDeviceCode(dc.user_code!);
    expect((await poll()).status).toBe(200);
    await expect(fake.approveDeviceCode("NOPE")).rejects.toThrow(/no device code/);
    const log = await fake.log("token");
    expect(log.map((e) => e.status)).toEqual([200, 503, 400, 200]);
    await fake.clearLog();
    expect(await fake.log()).toEqual([]);
  });

  it("shuts down on request", async () => {
    await fake.stop();
    expect(fake.child.exitCode).toBe(0);
  });
});
