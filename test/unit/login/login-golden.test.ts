// `login` in-process against a stub of the golden fake: stdout, stderr, the requests sent and the files left
// behind, compared with az 2.45's captures (az-golden/cases/login_*).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compareRequests, golden, normaliseCache, readConfigFile, runInProcess } from "./support.js";
import { expectMode } from "../../support/platform.js";

const FILES = ["azureProfile.json", "clouds.config", "service_principal_entries.json"];

async function expectGoldenCase(name: string, stub: Parameters<typeof runInProcess>[1] = {}) {
  const expected = golden(name);
  const argv = JSON.parse((await import("node:fs")).readFileSync(join(expected.dir, "case.json"), "utf8")).argv.slice(1) as string[];
  const run = await runInProcess(argv, stub);
  expect(run.stderr).toBe(expected.stderr);
  expect(run.stdout).toBe(expected.stdout);
  expect(run.rc).toBe(expected.rc);
  return { run, expected };
}

describe("login usage errors (exact golden bytes, no request)", () => {
  for (const name of ["login_devicecode_bad", "login_identity_bad", "login_sp_no_user"]) {
    it(name, async () => {
      const { run } = await expectGoldenCase(name);
      expect(run.deps.requests).toEqual([]);
    });
  }

  it("--use-cert-sn-issuer needs --service-principal", async () => {
    const run = await runInProcess(["login", "--use-cert-sn-issuer", "-u", "x", "-p", "y"]);
    expect([run.rc, run.stderr]).toEqual([1, "ERROR: usage error: '--use-sn-issuer' is only applicable with a service principal\n"]);
  });

  it("a username without a password never prompts when stdin is not a terminal", async () => {
    const run = await runInProcess(["login", "--service-principal", "-u", "x", "--tenant", "t"]);
    expect([run.rc, run.stderr]).toEqual([1, "ERROR: Please specify both username and password in non-interactive mode.\n"]);
    expect(run.deps.requests).toEqual([]);
  });

  it("at most one managed identity id", async () => {
    const run = await runInProcess(["login", "--identity", "--client-id", "a", "--object-id", "b"]);
    expect([run.rc, run.stderr]).toEqual([1, "ERROR: Usage error: Provide only one of --client-id, --object-id, --resource-id.\n"]);
  });
});

describe("service principal", () => {
  for (const name of ["login_sp_secret", "login_sp_federated"]) {
    it(`${name}: output, requests and files as az`, async () => {
      const { run, expected } = await expectGoldenCase(name);
      expect(compareRequests(run.deps.requests, expected.requests)).toEqual([]);
      for (const file of FILES) expect(readConfigFile(run.configDir, file), file).toBe(expected.after(file));
      expect(normaliseCache(readConfigFile(run.configDir, "msal_token_cache.json")!)).toEqual(normaliseCache(expected.after("msal_token_cache.json")!));
      for (const file of [...FILES, "msal_token_cache.json"]) expectMode(join(run.configDir, file), 0o600, file);
    });
  }

  it("login_sp_nosubs: the error, and the secret is kept (it worked) but no account", async () => {
    const { run, expected } = await expectGoldenCase("login_sp_nosubs", { stub: { noSubscriptions: true } });
    expect(compareRequests(run.deps.requests, expected.requests)).toEqual([]);
    expect(readConfigFile(run.configDir, "service_principal_entries.json")).toBe(expected.after("service_principal_entries.json"));
    expect(readConfigFile(run.configDir, "clouds.config")).toBeUndefined();
    expect(readConfigFile(run.configDir, "azureProfile.json")).toBeUndefined();
  });

  it("a refused secret saves nothing and prints Entra's error", async () => {
    const description = "AADSTS7000215: Invalid client secret provided.\r\nTrace ID: 0000";
    const run = await runInProcess(["login", "--service-principal", "-u", "sp", "--password=bad", "--tenant", "t"], {
      stub: { tokenError: { error: "invalid_client", code: 7000215, description } },
    });
    expect(run.rc).toBe(1);
    expect(run.stderr).toContain(`ERROR: ${description}\n`);
    expect(run.stderr).not.toContain("bad\n");
    expect(readConfigFile(run.configDir, "service_principal_entries.json")).toBeUndefined();
    expect(readConfigFile(run.configDir, "azureProfile.json")).toBeUndefined();
  });

  it("--allow-no-subscriptions gives a tenant-level account", async () => {
    const run = await runInProcess(
      ["login", "--service-principal", "-u", "sp", "-p", "s", "--tenant", "72f988bf-0000-4000-8000-000000000001", "--allow-no-subscriptions"],
      { stub: { noSubscriptions: true } },
    );
    expect(run.rc).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      {
        cloudName: "AzureCloud",
        id: "72f988bf-0000-4000-8000-000000000001",
        isDefault: true,
        name: "N/A(tenant level account)",
        state: "Enabled",
        tenantId: "72f988bf-0000-4000-8000-000000000001",
        user: { name: "sp", type: "servicePrincipal" },
      },
    ]);
    expect(readConfigFile(run.configDir, "clouds.config")).toBe("[AzureCloud]\nsubscription = 72f988bf-0000-4000-8000-000000000001\n\n");
  });
});

describe("subscription discovery", () => {
  it("follows nextLink, and --debug shows neither the secret nor any token", async () => {
    const run = await runInProcess(["login", "--service-principal", "-u", "sp", "-p", "s3cr3t-value", "--tenant", "72f988bf-0000-4000-8000-000000000001", "--debug"], {
      stub: { pageSize: 1 },
    });
    expect(run.rc).toBe(0);
    expect(JSON.parse(run.stdout).map((account: { id: string }) => account.id)).toEqual(["11111111-2222-3333-4444-555555555555", "66666666-7777-8888-9999-000000000000"]);
    expect(run.deps.requests.filter((request) => request.url.includes("/subscriptions?"))).toHaveLength(2);
    expect(run.stderr).toContain("DEBUG:");
    expect(run.stderr).not.toContain("s3cr3t-value");
    expect(run.stderr).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });
});

describe("device code", () => {
  it("login_device_code: message, output, requests and the MSAL cache as az", async () => {
    const { run, expected } = await expectGoldenCase("login_device_code");
    expect(compareRequests(run.deps.requests, expected.requests)).toEqual([]);
    for (const file of ["azureProfile.json", "clouds.config"]) expect(readConfigFile(run.configDir, file), file).toBe(expected.after(file));
    expect(normaliseCache(readConfigFile(run.configDir, "msal_token_cache.json")!)).toEqual(normaliseCache(expected.after("msal_token_cache.json")!));
  });
});

describe("managed identity", () => {
  it("login_identity: environmentName kept in the output (2.45), profile as az", async () => {
    const { run } = await expectGoldenCase("login_identity");
    expect(readConfigFile(run.configDir, "azureProfile.json")).toBe(golden("login_identity").after("azureProfile.json"));
    expect(readConfigFile(run.configDir, "msal_token_cache.json")).toBeUndefined();
    const [imds, arm] = run.deps.requests;
    expect(new URL(imds!.url).searchParams.get("resource")).toBe("https://management.core.windows.net/");
    expect(arm!.url).toBe("https://management.azure.com/subscriptions?api-version=2019-11-01");
  });

  it("login_identity_nosubs", async () => {
    await expectGoldenCase("login_identity_nosubs", { stub: { noSubscriptions: true } });
  });

  it("-u X: a client id first, then (on HTTP 400) an object id", async () => {
    const run = await runInProcess(["login", "--identity", "-u", "abc"], { stub: { imdsRejects: ["client_id"] } });
    expect(run.rc).toBe(0);
    expect(JSON.parse(run.stdout)[0].user).toEqual({ assignedIdentityInfo: "MSIObject-abc", name: "userAssignedIdentity", type: "servicePrincipal" });
    expect(run.deps.requests.map((request) => [...new URL(request.url).searchParams.keys()].find((key) => key.endsWith("_id")))).toEqual([
      "client_id",
      "object_id",
      undefined,
    ]);
  });

  it("--resource-id and a resource id given to -u", async () => {
    const id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/me";
    for (const argv of [["--resource-id", id], ["-u", id]]) {
      const run = await runInProcess(["login", "--identity", ...argv]);
      expect(run.rc).toBe(0);
      expect(JSON.parse(run.stdout)[0].user.assignedIdentityInfo).toBe(`MSIResource-${id}`);
    }
  });
});
