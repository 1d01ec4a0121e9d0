// Differential tests of the network paths: the same argv through the real az 2.45 and the built aztoken, each on
// its own fresh profile, against one fake Entra ID / ARM; then stdout, stderr, rc and the files they leave must
// agree (token values, times and device codes normalised). Skipped when az is not installed.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { defaultDirectory, startFakeEntra, type FakeEntra } from "../support/fake-entra/index.js";
import { runCliProcess, type CliRun } from "../support/run-cli.js";
import { needRealAz, runRealAz } from "./network-support/real-az.js";

const T1 = "72f988bf-0000-4000-8000-000000000001";
const SP = "99999999-8888-7777-6666-555555555555";
const PROFILE_FILES = ["azureProfile.json", "clouds.config", "service_principal_entries.json"];
/** Cache fields whose values differ between any two runs. */
const VOLATILE_CACHE_FIELDS = new Set(["secret", "cached_at", "expires_on", "extended_expires_on", "refresh_on", "last_modification_time"]);

interface Side {
  home: string;
  configDir: string;
}

let fake: FakeEntra;
const homes: string[] = [];

beforeAll(async () => {
  // real Entra answers a device-code poll with the scopes of the device-code request (MSAL node and MSAL
  // Python send different poll bodies, so the fake's golden `poll` mode would make them differ)
  fake = await startFakeEntra({ deviceCode: { scopeFrom: "devicecode" } });
});
afterAll(async () => fake?.close());
afterEach(() => {
  homes.splice(0).forEach((home) => rmSync(home, { recursive: true, force: true }));
  fake.updateSettings({ directory: defaultDirectory() });
});

function side(): Side {
  const home = mkdtempSync(join(tmpdir(), "aztoken-differential-"));
  homes.push(home);
  return { home, configDir: join(home, ".azure") };
}

const azEnv = () => ({ ...fake.env, REQUESTS_CA_BUNDLE: fake.caPath });

/** Runs argv through both CLIs (one after the other: az's device-code poll must not race aztoken's). */
async function both(args: string[], az: Side, ours: Side): Promise<{ az: CliRun; ours: CliRun }> {
  const theirs = await runRealAz(args, az, azEnv());
  const mine = await runCliProcess(args, { ...ours, env: fake.env, timeoutMs: 60_000 });
  return { az: theirs, ours: mine };
}

const normaliseOutput = (text: string) => text.replace(/enter the code \w+/g, "enter the code <code>").replace(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, "<jwt>");

async function expectSameRun(args: string[], az: Side, ours: Side): Promise<void> {
  const runs = await both(args, az, ours);
  expect(runs.az.rc, runs.az.stderr).toBe(0);
  expect({ rc: runs.ours.rc, stdout: normaliseOutput(runs.ours.stdout), stderr: normaliseOutput(runs.ours.stderr) }).toEqual({
    rc: runs.az.rc,
    stdout: normaliseOutput(runs.az.stdout),
    stderr: normaliseOutput(runs.az.stderr),
  });
}

/** msal_token_cache.json as a string that keeps section, entry and field order but not token values or times. */
function normalisedCache(configDir: string): string {
  const document = JSON.parse(readFileSync(join(configDir, "msal_token_cache.json"), "utf8")) as Record<string, Record<string, Record<string, unknown>>>;
  return JSON.stringify(document, (key, value: unknown) => (VOLATILE_CACHE_FIELDS.has(key) && typeof value === "string" ? `<${key}>` : value), 2);
}

function expectSameFiles(az: Side, ours: Side): void {
  for (const file of PROFILE_FILES) {
    const path = (where: Side) => join(where.configDir, file);
    expect(existsSync(path(ours)), file).toBe(existsSync(path(az)));
    if (existsSync(path(az))) expect(readFileSync(path(ours), "utf8"), file).toBe(readFileSync(path(az), "utf8"));
  }
  expect(normalisedCache(ours.configDir)).toBe(normalisedCache(az.configDir));
}

describe.runIf(needRealAz("login through the fake Entra ID, aztoken against the real az 2.45"))("login through the fake Entra ID, aztoken against the real az 2.45", () => {
  const spLogin = ["login", "--service-principal", "-u", SP, "-p", "fake-secret", "--tenant", T1];

  it(
    "a service principal, then a device-code user on the same subscriptions: same output and files (cache sections in az's order)",
    async () => {
      const [az, ours] = [side(), side()];
      await expectSameRun([...spLogin, "-o", "none"], az, ours);
      await expectSameRun(["login", "--use-device-code"], az, ours);
      expectSameFiles(az, ours);
    },
    240_000,
  );

  it(
    "a device-code user, then a service principal with --query and -o table",
    async () => {
      const [az, ours] = [side(), side()];
      await expectSameRun(["login", "--use-device-code", "-o", "none"], az, ours);
      await expectSameRun([...spLogin, "--query", "[].{name:name, default:isDefault}", "-o", "table"], az, ours);
      expectSameFiles(az, ours);
    },
    240_000,
  );

  it(
    "account list --refresh after a subscription is added to the directory",
    async () => {
      const [az, ours] = [side(), side()];
      await expectSameRun(["login", "--use-device-code", "-o", "none"], az, ours);
      const directory = defaultDirectory();
      directory.tenants[0]!.subscriptions!.push({ subscriptionId: "77777777-0000-4000-8000-000000000001", displayName: "Contoso New", state: "Enabled" });
      fake.updateSettings({ directory });
      await expectSameRun(["account", "list", "--refresh"], az, ours);
      expectSameFiles(az, ours);
    },
    240_000,
  );
});
