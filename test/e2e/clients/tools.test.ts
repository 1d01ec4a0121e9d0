// Tools that run az as a program: Terraform's azurerm/azuread providers (go-azure-sdk), kubelogin's azurecli
// mode, and everything the shim does not implement, which must reach the Azure CLI later on PATH.
// Needs `npm run build` first.
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { argLines, writeStubAz } from "../../unit/shim/support.js";
import { meetsTerraformVersionRange } from "./version-range.js";
import {
  AKS_RESOURCE,
  CLIENT_TIMEOUT_MS,
  SUBSCRIPTION_ID,
  SYSTEM_PATH,
  T1,
  T2,
  execProgram,
  packageVersion,
  successJson,
  tokenRequests,
  useClientWorld,
} from "./support.js";

const world = useClientWorld();
beforeEach(() => world.fake?.log.clear());

/** Terraform runs `az` with an argv (no shell) from its own working directory. */
const terraformAz = (args: string[], env: Record<string, string>) => execProgram("az", args, { env, cwd: world.root });

describe("Terraform (go-azure-sdk's Azure CLI authorizer)", () => {
  it("version check: `az version -o=json` gives azure-cli with 2.0.81 <= v < 3.0.0, and aztoken's own version", async () => {
    const version = successJson<Record<string, string>>(await terraformAz(["version", "-o=json"], world.env(world.emptyProfile())));
    expect(meetsTerraformVersionRange(version["azure-cli"]!)).toBe(true);
    expect(version.aztoken).toBe(packageVersion());
  }, CLIENT_TIMEOUT_MS);

  it("`az account show -o=json` gives the default subscription and tenant", async () => {
    const account = successJson(await terraformAz(["account", "show", "-o=json"], world.env(world.profile("user"))));
    expect(account).toMatchObject({ id: SUBSCRIPTION_ID, tenantId: T1, isDefault: true });
  }, CLIENT_TIMEOUT_MS);

  it("`az account get-access-token --scope <v2 scope> -o=json`: a cache hit with accessToken and tokenType", async () => {
    const args = ["account", "get-access-token", "--scope", "https://management.azure.com//.default", "-o=json"];
    const token = successJson(await terraformAz(args, world.env(world.profile("user"))));
    expect(token).toMatchObject({ accessToken: expect.any(String), tokenType: "Bearer", tenant: T1 });
    expect(world.fake.log.entries).toEqual([]);
  }, CLIENT_TIMEOUT_MS);

  it("... --tenant T2: refreshed through the fake Entra ID for the other tenant", async () => {
    const args = ["account", "get-access-token", "--scope", "https://management.azure.com//.default", "--tenant", T2, "-o=json"];
    const token = successJson<{ accessToken: string }>(await terraformAz(args, world.env(world.profile("user"))));
    expect(world.fake.verifyAccessToken(token.accessToken)).toMatchObject({ tid: T2 });
    expect(tokenRequests(world.fake)).toHaveLength(1);
  }, CLIENT_TIMEOUT_MS);
});

describe("kubelogin azurecli mode (Go azidentity: `az account get-access-token -o json --resource <AKS app>`)", () => {
  for (const tenant of [undefined, T1]) {
    it(`through /bin/sh -c${tenant ? " with --tenant" : ""}: refreshed, expires_on a JSON integer`, async () => {
      const args = ["account", "get-access-token", "-o", "json", "--resource", AKS_RESOURCE, ...(tenant ? ["--tenant", tenant] : [])];
      const run = await execProgram("/bin/sh", ["-c", `az ${args.join(" ")}`], { env: world.env(world.profile("user")) });
      const token = successJson<{ accessToken: string; expires_on: unknown }>(run);
      expect(world.fake.verifyAccessToken(token.accessToken)).toMatchObject({ aud: AKS_RESOURCE });
      expect(Number.isInteger(token.expires_on)).toBe(true);
    }, CLIENT_TIMEOUT_MS);
  }
});

describe("commands the shim does not implement reach the Azure CLI later on PATH", () => {
  it("az group list and az account list-locations go to the stub; the token command does not", async () => {
    const stubDir = join(world.root, "stub-cli");
    writeStubAz(stubDir, 3);
    const where = world.profile("user");
    // the stub sits where a real Azure CLI would: after the shim, before the system directories
    const env = world.env(where, { PATH: `${world.shimDir}:${stubDir}:${SYSTEM_PATH}` });
    for (const args of [["group", "list", "-o", "json"], ["account", "list-locations"]]) {
      expect(await execProgram("az", args, { env })).toEqual({ rc: 3, stdout: `stub-az\n${argLines(args)}`, stderr: "" });
    }
    const token = await execProgram("az", ["account", "get-access-token", "-o", "json"], { env });
    expect(successJson(token)).toMatchObject({ subscription: SUBSCRIPTION_ID });
  }, CLIENT_TIMEOUT_MS);
});
