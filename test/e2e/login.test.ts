// `aztoken login` end to end: the built CLI, cwd /, stdin closed, against the fake Entra ID / ARM / IMDS reached
// through its HTTPS proxy with its CA trusted, as a real machine reaches the real services.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { defaultDirectory, fakeRequest, startFakeEntra, type FakeEntra } from "../support/fake-entra/index.js";
import { runCliProcess } from "../support/run-cli.js";
import { tempHome, writeCertificatePem, type TempHome } from "./login-support.js";
import { expectMode } from "../support/platform.js";

const T1 = "72f988bf-0000-4000-8000-000000000001";
const SP = "99999999-8888-7777-6666-555555555555";
const CERT_SP = "12121212-3434-5656-7878-909090909090";
const FEDERATED = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOngifQ.c2ln";
const SUB1 = "11111111-2222-3333-4444-555555555555";

let fake: FakeEntra;
let certificate: { path: string; certificatePem: string };
let certDir: TempHome;
let home: TempHome;

beforeAll(async () => {
  certDir = tempHome();
  certificate = writeCertificatePem(certDir.home);
  const directory = defaultDirectory();
  directory.servicePrincipals.push({ clientId: CERT_SP, tenantId: T1, certificates: [certificate.certificatePem] });
  fake = await startFakeEntra({ directory });
});
afterAll(async () => {
  await fake?.close();
  certDir?.remove();
});
afterEach(() => home?.remove());

function run(args: string[], env: Record<string, string> = {}) {
  return runCliProcess(args, { home: home.home, configDir: home.configDir, env: { ...fake.env, ...env } });
}

function newHome(): TempHome {
  home = tempHome();
  return home;
}

function profileOf(configDir: string) {
  return JSON.parse(readFileSync(join(configDir, "azureProfile.json"), "utf8").replace(/^\uFEFF/, "")) as { subscriptions: Record<string, unknown>[] };
}

function expectPrivateFiles(configDir: string, files: string[]) {
  for (const file of files) expectMode(join(configDir, file), 0o600, file);
}

async function expectTokenWorks(env: Record<string, string> = {}) {
  const token = await run(["account", "get-access-token", "-o", "json"], env);
  expect(token.stderr).toBe("");
  expect(token.rc).toBe(0);
  const result = JSON.parse(token.stdout) as { accessToken: string; subscription: string };
  expect(fake.verifyAccessToken(result.accessToken)).toBeDefined();
  expect(result.subscription).toBe(SUB1);
}

describe("aztoken login (built CLI, fake Entra)", () => {
  it("service principal with a secret (--password=)", async () => {
    newHome();
    const login = await run(["login", "--service-principal", "-u", SP, "--password=fake-secret", "--tenant", T1]);
    expect(login.stderr).toBe("");
    expect(login.rc, login.stderr).toBe(0);
    expect(JSON.parse(login.stdout).map((a: { id: string; isDefault: boolean }) => [a.id, a.isDefault])).toEqual([
      [SUB1, true],
      ["66666666-7777-8888-9999-000000000000", false],
    ]);
    expect(readFileSync(join(home.configDir, "service_principal_entries.json"), "utf8")).toContain('"client_secret": "fake-secret"');
    expectPrivateFiles(home.configDir, ["azureProfile.json", "msal_token_cache.json", "service_principal_entries.json", "clouds.config"]);
    await expectTokenWorks();
  });

  it("service principal with a wrong secret: Entra's error, nothing saved, the secret never printed", async () => {
    newHome();
    const login = await run(["login", "--service-principal", "-u", SP, "-p", "not-the-secret", "--tenant", T1, "--debug"]);
    expect(login.rc).toBe(1);
    expect(login.stderr).toContain("ERROR: AADSTS7000215");
    expect(login.stderr).not.toContain("not-the-secret");
    expect(() => statSync(join(home.configDir, "service_principal_entries.json"))).toThrow();
  });

  it("service principal with a PEM certificate: --certificate, and -p PATH as 2.45", async () => {
    for (const argv of [["--certificate", certificate.path], ["-p", certificate.path]]) {
      newHome();
      const login = await run(["login", "--service-principal", "-u", CERT_SP, ...argv, "--tenant", T1, "-o", "none"]);
      expect(login.stderr).toBe("");
      expect(login.rc, login.stderr).toBe(0);
      const entries = JSON.parse(readFileSync(join(home.configDir, "service_principal_entries.json"), "utf8"));
      expect(entries).toEqual([{ tenant: T1, client_id: CERT_SP, certificate: certificate.path }]);
      await expectTokenWorks();
      home.remove();
    }
  });

  it("service principal with a federated token and --allow-no-subscriptions (Azure/login's argv)", async () => {
    newHome();
    const login = await run(["login", "--service-principal", "--username", SP, "--tenant", T1, "--federated-token", FEDERATED, "--allow-no-subscriptions"]);
    expect(login.stderr).toBe("");
    expect(login.rc, login.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(home.configDir, "service_principal_entries.json"), "utf8"))).toEqual([
      { tenant: T1, client_id: SP, client_assertion: FEDERATED },
    ]);
    await expectTokenWorks();
  });

  it("device code: Entra's message on stderr, accounts on stdout, user tokens in the cache", async () => {
    newHome();
    const login = await run(["login", "--use-device-code"]);
    expect(login.rc, login.stderr).toBe(0);
    expect(login.stderr.split("\n")[0]).toMatch(/^To sign in, use a web browser to open the page https:\/\/microsoft.com\/devicelogin and enter the code \w+ to authenticate\.$/);
    const accounts = JSON.parse(login.stdout) as { user: unknown; cloudName: string }[];
    expect(accounts[0]).toMatchObject({ cloudName: "AzureCloud", user: { name: "alice@contoso.com", type: "user" } });
    expectPrivateFiles(home.configDir, ["azureProfile.json", "msal_token_cache.json"]);
    await expectTokenWorks();
  });

  it("browser: WARNING with the authorize endpoint; the test plays the browser with the printed URL", async () => {
    newHome();
    let played: Promise<void> | undefined;
    const login = await runCliProcess(["login", "-o", "json"], {
      home: home.home,
      configDir: home.configDir,
      timeoutMs: 25_000,
      // a $BROWSER that fails: az (MSAL) then prints the whole sign-in URL
      env: { ...fake.env, BROWSER: "false" },
      onStderr: (text) => {
        const url = /Auth URI: (\S+)/.exec(text)?.[1];
        if (url && !played) played = playBrowser(url);
      },
    });
    await played;
    expect(login.stderr.split("\n")[0]).toBe(
      "WARNING: A web browser has been opened at https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize. Please continue the login in the web browser. If no web browser is available or if the web browser fails to open, use device code flow with `az login --use-device-code`.",
    );
    expect(login.rc, login.stderr).toBe(0);
    expect(JSON.parse(login.stdout)[0].user).toEqual({ name: "alice@contoso.com", type: "user" });
    await expectTokenWorks();
  });

  it("no browser available (no $BROWSER, no display): falls back to device code", async () => {
    newHome();
    const login = await run(["login", "-o", "none"], { BROWSER: "", DISPLAY: "" });
    expect(login.rc, login.stderr).toBe(0);
    expect(login.stderr).toMatch(/^To sign in, use a web browser/);
  });

  it("managed identity through IMDS (system-assigned): environmentName kept, as 2.45", async () => {
    newHome();
    const login = await run(["login", "--identity"]);
    expect(login.stderr).toBe("");
    expect(login.rc, login.stderr).toBe(0);
    const accounts = JSON.parse(login.stdout) as Record<string, unknown>[];
    expect(accounts[0]).toMatchObject({ environmentName: "AzureCloud", user: { name: "systemAssignedIdentity", type: "servicePrincipal", assignedIdentityInfo: "MSI" } });
    expect(() => statSync(join(home.configDir, "msal_token_cache.json"))).toThrow();
    await expectTokenWorks();
  });

  it("account list --refresh re-discovers the subscriptions of the stored identities", async () => {
    newHome();
    expect((await run(["login", "--service-principal", "-u", SP, "-p", "fake-secret", "--tenant", T1, "-o", "none"])).rc).toBe(0);
    // forget one subscription: the refresh must find it again
    const before = profileOf(home.configDir);
    before.subscriptions = before.subscriptions.filter((account) => account.id === SUB1);
    writeFileSync(join(home.configDir, "azureProfile.json"), `\uFEFF${JSON.stringify(before)}`);
    expect((await run(["account", "list", "--all", "--query", "length(@)"])).stdout).toBe("1\n");
    const listed = await run(["account", "list", "--refresh", "--all", "--query", "[].id", "-o", "tsv"]);
    expect(listed.rc).toBe(0);
    expect(listed.stdout).toBe(`${SUB1}\n66666666-7777-8888-9999-000000000000\n`);
  });
});

/** What a browser does: GET the sign-in URL (through the proxy), follow the redirect to the loopback listener. */
async function playBrowser(url: string): Promise<void> {
  const signIn = await fakeRequest(fake, url);
  const location = signIn.headers.location;
  if (!location) throw new Error(`the authorize endpoint answered ${signIn.status} without a redirect`);
  const loopback = new URL(location);
  loopback.hostname = "127.0.0.1";
  // msal-node's loopback listener calls closeAllConnections() as soon as it has the code, which can reset the
  // connection before the success page is read; the sign-in itself is judged by the CLI's exit code and output.
  await fetch(loopback).then(
    (response) => response.text(),
    (error: unknown) => {
      if ((error as { cause?: { code?: string } }).cause?.code !== "ECONNRESET") throw error;
    },
  );
}
