// `aztoken shim` end to end: the built CLI installs a launcher, and callers' command lines run through it the
// way the SDKs run az (/bin/sh -c, working directory /bin, minimal PATH, stdin closed or piped).
import { chmodSync, existsSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_AZURE_CLI_MESSAGE } from "../../src/core/shim/routes.js";
import { makeProfile, type TempProfile } from "../support/profile-fixture.js";
import { runCliProcess } from "../support/run-cli.js";
import { argLines, removeTempDirs, runShell, tempDir, writeStubAz } from "../unit/shim/support.js";
import { expectMode } from "../support/platform.js";

const MINIMAL_PATH = "/usr/bin:/usr/local/bin";

let root: string;
let home: string;
let shim: string;
let stub: string;
let profile: TempProfile;

async function aztoken(args: string[], env: Record<string, string> = {}) {
  return runCliProcess(args, { home, env: { PATH: MINIMAL_PATH, ...env } });
}

beforeAll(async () => {
  root = tempDir();
  home = join(root, "home");
  shim = join(root, "shim");
  stub = join(root, "cli");
  writeStubAz(stub, 42);
  profile = makeProfile("user");
  const run = await aztoken(["shim", "install", "--dir", shim]);
  expect(run.rc).toBe(0);
});

afterAll(() => {
  profile.remove();
  removeTempDirs();
});

/** PATH as a caller has it: the shim first, then the stub Azure CLI, then the system directories. */
const callerPath = () => `${shim}:${stub}:${MINIMAL_PATH}`;

describe("aztoken shim install", () => {
  it("reports the launcher it wrote and warns that the directory is not on PATH", async () => {
    const dir = join(root, "fresh");
    const run = await aztoken(["shim", "install", "--dir", dir]);
    expect(run.rc).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      aztoken: expect.stringMatching(/\/bin\/aztoken\.js$/),
      dir,
      files: [join(dir, "az")],
      node: process.execPath,
      onPath: false,
    });
    expect(run.stderr).toBe(`WARNING: ${dir} is not on PATH, so 'az' does not run aztoken yet. To use it, add 'export PATH="${dir}:$PATH"' to your shell profile.\n`);
    expectMode(join(dir, "az"), 0o755);
  });

  it("is silent on stderr when the directory is first on PATH", async () => {
    const run = await aztoken(["shim", "install", "--dir", shim], { PATH: callerPath() });
    expect(run.rc).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ dir: shim, onPath: true });
    expect(run.stderr).toBe("");
  });
});

describe("commands aztoken implements run aztoken", () => {
  it("az version", async () => {
    const run = await runShell("az version -o=json", { path: callerPath() });
    expect(run).toMatchObject({ rc: 0, stderr: "" });
    expect(JSON.parse(run.stdout)["azure-cli"]).toMatch(/^2\.\d+\.\d+$/);
  });

  it("az account get-access-token, not logged in, as Go runs it", async () => {
    const run = await runShell('az account get-access-token -o json --resource https://vault.azure.net --subscription "My Sub"', {
      path: callerPath(),
      env: { AZURE_CONFIG_DIR: join(root, "empty-config"), HOME: home },
    });
    expect(run.rc).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("Please run 'az login'");
  });

  it("keeps an argument with a space whole (az account show -s \"Contoso Dev\")", async () => {
    const run = await runShell('az account show -s "Contoso Dev" --query name -o tsv', {
      path: callerPath(),
      env: { AZURE_CONFIG_DIR: profile.configDir, HOME: profile.home },
    });
    expect(run).toEqual({ rc: 0, stdout: "Contoso Dev\n", stderr: "" });
  });
});

describe("every other command reaches the Azure CLI later on PATH", () => {
  const args = ["group", "create", "--name", "a b", "", 'q"uote', "it's", "$HOME", "*", "--tags", "x=1"];
  const command = `az group create --name "a b" "" 'q"uote' "it's" '$HOME' '*' --tags x=1`;

  it("with argv, stdin, stdout and the exit code unchanged", async () => {
    const run = await runShell(command, { path: callerPath(), stdin: "line 1\nline 2\n" });
    expect(run).toEqual({ rc: 42, stdout: `stub-az\n${argLines(args)}line 1\nline 2\n`, stderr: "" });
  });

  it("with stdin closed", async () => {
    const run = await runShell(command, { path: callerPath() });
    expect(run).toEqual({ rc: 42, stdout: `stub-az\n${argLines(args)}`, stderr: "" });
  });

  it("prints one line and exits 127 when there is no Azure CLI", async () => {
    // no system directories: this machine may have a real az in /usr/bin
    const run = await runShell(command, { path: shim });
    expect(run).toEqual({ rc: 127, stdout: "", stderr: `${NO_AZURE_CLI_MESSAGE}\n` });
  });

  it("never runs itself or another aztoken launcher, however its directory is spelled on PATH", async () => {
    const second = join(root, "second-shim");
    expect((await aztoken(["shim", "install", "--dir", second])).rc).toBe(0);
    const alias = join(root, "shim-alias");
    symlinkSync(shim, alias);

    const withStub = await runShell("az group list", { path: `${shim}:${alias}:${second}/:${stub}` });
    expect(withStub).toEqual({ rc: 42, stdout: `stub-az\n${argLines(["group", "list"])}`, stderr: "" });

    const without = await runShell("az group list", { path: `${second}:${shim}/:${alias}:${second}` });
    expect(without).toMatchObject({ rc: 127, stderr: `${NO_AZURE_CLI_MESSAGE}\n` });
  });

  it("skips an az that is not executable", async () => {
    const dud = join(root, "dud");
    chmodSync(writeStubAz(dud, 9), 0o644);
    const run = await runShell("az group list", { path: `${shim}:${dud}:${stub}` });
    expect(run.rc).toBe(42);
  });
});

describe("aztoken shim uninstall", () => {
  it("removes its launcher and nothing else", async () => {
    const dir = join(root, "to-remove");
    expect((await aztoken(["shim", "install", "--dir", dir])).rc).toBe(0);
    writeStubAz(join(dir, "keep"));
    const run = await aztoken(["shim", "uninstall", "--dir", dir]);
    expect(run).toMatchObject({ rc: 0, stderr: "" });
    expect(JSON.parse(run.stdout)).toEqual({ dir, removed: [join(dir, "az")] });
    expect(existsSync(join(dir, "az"))).toBe(false);
    expect(existsSync(join(dir, "keep", "az"))).toBe(true);
  });

  it("refuses to remove an az it did not write", async () => {
    const run = await aztoken(["shim", "uninstall", "--dir", stub]);
    expect(run.rc).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`ERROR: Not removing ${join(stub, "az")}: not written by aztoken (no 'aztoken-shim-launcher' marker line). Nothing was removed.\n`);
    expect(readFileSync(join(stub, "az"), "utf8")).toContain("stub-az");
  });
});
