// Round trips with the real az 2.45 (skipped when `az` is not installed): files written by `aztoken login` are
// used by `az account show/get-access-token`, and files written by `az login` by aztoken. Both CLIs reach the
// fake Entra/ARM through its proxy (az 2.45 GETs OIDC discovery even on a cache hit, so it needs the fake too).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeEntra, type FakeEntra } from "../support/fake-entra/index.js";
import { runCliProcess } from "../support/run-cli.js";
import { needRealAz, runRealAz } from "./network-support/real-az.js";
import { tempHome, type TempHome } from "./login-support.js";

const T1 = "72f988bf-0000-4000-8000-000000000001";
const SP = "99999999-8888-7777-6666-555555555555";
const SUB1 = "11111111-2222-3333-4444-555555555555";

let fake: FakeEntra;
let home: TempHome;

beforeAll(async () => {
  fake = await startFakeEntra({});
});
afterAll(async () => fake?.close());
afterEach(() => home?.remove());

/** The real az on the same profile, through the fake; never the real ~/.azure. */
function az(args: string[]) {
  return runRealAz(args, home, { HTTPS_PROXY: fake.proxyUrl, HTTP_PROXY: fake.proxyUrl, REQUESTS_CA_BUNDLE: fake.caPath });
}

function aztoken(args: string[]) {
  return runCliProcess(args, { home: home.home, configDir: home.configDir, env: fake.env });
}

// The real az takes seconds per call (more on a loaded machine), and each case makes three or four.
describe.runIf(needRealAz("round trip with the real az 2.45"))("round trip with the real az 2.45", { timeout: 120_000 }, () => {
  it("aztoken login --service-principal, then az account show and az account get-access-token", async () => {
    home = tempHome();
    const login = await aztoken(["login", "--service-principal", "-u", SP, "-p", "fake-secret", "--tenant", T1, "-o", "none"]);
    expect(login.rc, login.stderr).toBe(0);
    expect(login.stderr).toBe("");
    const show = await az(["account", "show", "-o", "json"]);
    expect(show.rc, show.stderr).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({ id: SUB1, tenantId: T1, user: { name: SP, type: "servicePrincipal" } });
    const token = await az(["account", "get-access-token", "-o", "json"]);
    expect(token.rc, token.stderr).toBe(0);
    expect(fake.verifyAccessToken(JSON.parse(token.stdout).accessToken)).toBeDefined();
    // a scope aztoken never asked for: az must use the stored secret itself
    const graph = await az(["account", "get-access-token", "--resource-type", "ms-graph", "-o", "json"]);
    expect(graph.rc, graph.stderr).toBe(0);
  });

  it("aztoken login --use-device-code, then az account get-access-token (cached) and for another resource (refresh)", async () => {
    home = tempHome();
    const login = await aztoken(["login", "--use-device-code", "-o", "none"]);
    expect(login.rc, login.stderr).toBe(0);
    const show = await az(["account", "show", "-o", "json"]);
    expect(show.rc, show.stderr).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({ id: SUB1, user: { name: "alice@contoso.com", type: "user" } });
    for (const args of [[], ["--resource", "https://vault.azure.net"]]) {
      const token = await az(["account", "get-access-token", "-o", "json", ...args]);
      expect(token.rc, token.stderr).toBe(0);
      expect(fake.verifyAccessToken(JSON.parse(token.stdout).accessToken)).toBeDefined();
    }
  });

  it("aztoken login --identity, then az account show", async () => {
    home = tempHome();
    expect((await aztoken(["login", "--identity", "-o", "none"])).rc).toBe(0);
    const show = await az(["account", "show", "-o", "json"]);
    expect(show.rc, show.stderr).toBe(0);
    expect(JSON.parse(show.stdout).user).toEqual({ assignedIdentityInfo: "MSI", name: "systemAssignedIdentity", type: "servicePrincipal" });
  });

  it("az login --service-principal, then aztoken account get-access-token and account show", async () => {
    home = tempHome();
    const login = await az(["login", "--service-principal", "-u", SP, "-p", "fake-secret", "--tenant", T1, "-o", "none"]);
    expect(login.rc, login.stderr).toBe(0);
    const show = await aztoken(["account", "show", "-o", "json"]);
    expect([show.rc, show.stderr]).toEqual([0, ""]);
    expect(JSON.parse(show.stdout)).toMatchObject({ id: SUB1, user: { name: SP, type: "servicePrincipal" } });
    for (const args of [[], ["--resource", "https://vault.azure.net"]]) {
      const token = await aztoken(["account", "get-access-token", "-o", "json", ...args]);
      expect([token.rc, token.stderr]).toEqual([0, ""]);
      expect(fake.verifyAccessToken(JSON.parse(token.stdout).accessToken)).toBeDefined();
    }
  });

  it("az login --use-device-code, then aztoken account get-access-token for a new resource (refresh from az's cache)", async () => {
    home = tempHome();
    const login = await az(["login", "--use-device-code", "-o", "none"]);
    expect(login.rc, login.stderr).toBe(0);
    const token = await aztoken(["account", "get-access-token", "--resource", "https://vault.azure.net", "-o", "json"]);
    expect([token.rc, token.stderr]).toEqual([0, ""]);
    expect(fake.verifyAccessToken(JSON.parse(token.stdout).accessToken)).toBeDefined();
  });
});
