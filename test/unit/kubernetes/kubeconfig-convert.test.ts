// `kubeconfig convert` in-process on each shape `az aks get-credentials` and `kubelogin convert-kubeconfig`
// write: the Entra users come out running `aztoken exec-credential` with the same server id and tenant, and
// everything else keeps its meaning (compared as parsed data) and, where untouched, its bytes.
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../../src/cli/run.js";
import { classifyUser, flagValue } from "../../../src/core/kubernetes/kubeconfig-users.js";
import { memoryDeps } from "../../support/memory-deps.js";
import { AKS_SERVER_ID } from "../../support/cached-token.js";
import { REPO_ROOT } from "../../support/paths.js";

const SHAPES = join(REPO_ROOT, "test", "support", "kubeconfigs");
const T1 = "72f988bf-0000-4000-8000-000000000001";
const T2 = "2f4a9838-26b7-47ee-be60-ccc1fdec5953";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A temporary home with the named shapes copied in (as given names). */
function workspace(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "aztoken-kubeconfig-"));
  dirs.push(dir);
  for (const [name, shape] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    copyFileSync(join(SHAPES, shape), join(dir, name));
  }
  return dir;
}

async function convert(home: string, args: string[], env: Record<string, string> = {}) {
  const deps = memoryDeps({ homeDir: home, env: { AZURE_CONFIG_DIR: join(home, ".azure"), ...env } });
  const rc = await runCli(["kubeconfig", "convert", ...args], deps);
  return { rc, stdout: deps.io.stdout.text(), stderr: deps.io.stderr.text() };
}

// biome-ignore lint/suspicious/noExplicitAny: the assertions index freely into parsed YAML
type Kubeconfig = { users: { name: string; user: Record<string, any> }[] } & Record<string, unknown>;
const load = (file: string) => parse(readFileSync(file, "utf8")) as Kubeconfig;
const userOf = (config: Kubeconfig, name: string) => config.users.find((user) => user.name === name)!.user;

/** Everything but the named users is equal as data. */
function expectOnlyUsersChanged(before: Kubeconfig, after: Kubeconfig, changed: string[]): void {
  const strip = (config: Kubeconfig) => ({ ...config, users: config.users.filter((user) => !changed.includes(user.name)) });
  expect(strip(after)).toEqual(strip(before));
  expect(after.users.map((user) => user.name)).toEqual(before.users.map((user) => user.name));
}

describe("kubeconfig convert: shapes", () => {
  it("legacy auth-provider azure: a new exec with apiserver-id and tenant-id; backup of the original", async () => {
    const home = workspace({ ".kube/config": "legacy-auth-provider.yaml" });
    const file = join(home, ".kube", "config");
    const original = readFileSync(file, "utf8");
    const result = await convert(home, []);
    expect(result).toMatchObject({ rc: 0, stderr: "" });
    expect(JSON.parse(result.stdout)).toEqual([
      {
        file,
        backup: `${file}.aztoken-backup`,
        users: [{ name: "clusterUser_myrg_myaks", was: "auth-provider azure", serverId: AKS_SERVER_ID, tenant: T1 }],
      },
    ]);
    const after = load(file);
    expect(userOf(after, "clusterUser_myrg_myaks")).toEqual({
      exec: {
        apiVersion: "client.authentication.k8s.io/v1beta1",
        command: "aztoken",
        args: ["exec-credential", "--server-id", AKS_SERVER_ID, "--tenant", T1],
        env: null,
        installHint: expect.stringContaining("npm install -g aztoken"),
        interactiveMode: "Never",
        provideClusterInfo: false,
      },
    });
    expectOnlyUsersChanged(parse(original), after, ["clusterUser_myrg_myaks"]);
    expect(readFileSync(`${file}.aztoken-backup`, "utf8")).toBe(original);
    expect(statSync(`${file}.aztoken-backup`).mode & 0o777).toBe(0o600);
    // kubectl's layout (list items at their key's indentation) is kept: the lines before `users:` are unchanged
    const head = (text: string) => text.slice(0, text.indexOf("users:"));
    expect(head(readFileSync(file, "utf8"))).toBe(head(original));
  });

  it("kubelogin devicecode (az aks get-credentials): args replaced, the exec's other fields and the admin user kept", async () => {
    const home = workspace({ config: "kubelogin-devicecode.yaml" });
    const file = join(home, "config");
    chmodSync(file, 0o640);
    const before = load(file);
    const result = await convert(home, ["--kubeconfig", file]);
    expect(result.rc).toBe(0);
    const after = load(file);
    const exec = userOf(after, "clusterUser_myrg_myaks").exec;
    const old = userOf(before, "clusterUser_myrg_myaks").exec;
    expect(exec).toEqual({
      ...old,
      command: "aztoken",
      args: ["exec-credential", "--server-id", AKS_SERVER_ID, "--tenant", T1],
      installHint: expect.stringContaining("aztoken"),
    });
    expect(Object.keys(exec)).toEqual(Object.keys(old));
    expectOnlyUsersChanged(before, after, ["clusterUser_myrg_myaks"]);
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  it("azurecli, spn, workloadidentity and msi modes: server id, tenant and subscription carried over; comments kept", async () => {
    const home = workspace({ config: "kubelogin-modes.yaml" });
    const file = join(home, "config");
    const original = readFileSync(file, "utf8");
    const result = await convert(home, ["--kubeconfig", file]);
    expect(result.rc).toBe(0);
    expect((JSON.parse(result.stdout) as { users: { name: string; was: string }[] }[])[0]!.users.map((user) => `${user.name}: ${user.was}`)).toEqual([
      "azurecli-user: kubelogin azurecli",
      "spn-user: kubelogin spn",
      "wi-user: kubelogin workloadidentity",
      "msi-user: kubelogin msi",
    ]);
    const after = load(file);
    const args = (name: string) => userOf(after, name).exec.args;
    expect(args("azurecli-user")).toEqual(["exec-credential", "--server-id", AKS_SERVER_ID, "--subscription", "Contoso Dev"]);
    expect(args("spn-user")).toEqual(["exec-credential", "--server-id", AKS_SERVER_ID, "--tenant", T2]);
    expect(args("wi-user")).toEqual(["exec-credential", "--server-id", AKS_SERVER_ID, "--tenant", T2]);
    expect(args("msi-user")).toEqual(["exec-credential", "--server-id", AKS_SERVER_ID]);
    // the azurecli user's AZURE_CONFIG_DIR and v1 apiVersion stay: aztoken reads the same variable
    expect(userOf(after, "azurecli-user").exec).toMatchObject({
      apiVersion: "client.authentication.k8s.io/v1",
      env: [{ name: "AZURE_CONFIG_DIR", value: "/home/alice/.azure-work" }],
      interactiveMode: "Never",
    });
    expectOnlyUsersChanged(parse(original), after, ["azurecli-user", "spn-user", "wi-user", "msi-user"]);
    const text = readFileSync(file, "utf8");
    for (const comment of ["# Clusters of the platform team", "# the shared dev cluster", "# az login on a laptop", "# CI service principal"]) {
      expect(text).toContain(comment);
    }
    // the untouched top of the file, indentation and flow mappings included, is byte for byte the same
    expect(text.slice(0, text.indexOf("users:"))).toBe(original.slice(0, original.indexOf("users:")));
  });

  it("--context converts only that context's user", async () => {
    const home = workspace({ config: "kubelogin-modes.yaml" });
    const file = join(home, "config");
    const before = load(file);
    const result = await convert(home, ["--kubeconfig", file, "--context", "dev-wi"]);
    expect(result.rc).toBe(0);
    expect(JSON.parse(result.stdout)[0].users.map((user: { name: string }) => user.name)).toEqual(["wi-user"]);
    expectOnlyUsersChanged(before, load(file), ["wi-user"]);
  });

  it("a second run changes nothing and keeps the first backup", async () => {
    const home = workspace({ ".kube/config": "kubelogin-devicecode.yaml" });
    const file = join(home, ".kube", "config");
    const original = readFileSync(file, "utf8");
    expect((await convert(home, [])).rc).toBe(0);
    const converted = readFileSync(file, "utf8");
    const again = await convert(home, []);
    expect(again.rc).toBe(0);
    expect(again.stdout).toBe("[]\n");
    expect(again.stderr).toMatch(/^WARNING: No user in .* runs kubelogin or uses the azure auth provider; nothing was changed\.\n$/);
    expect(readFileSync(file, "utf8")).toBe(converted);
    expect(readFileSync(`${file}.aztoken-backup`, "utf8")).toBe(original);
  });
});

describe("kubeconfig convert: KUBECONFIG lists, as kubectl merges them", () => {
  it("each user is changed in the first file that defines it; a shadowed copy and missing entries are left alone", async () => {
    const home = workspace({ "a.yaml": "kubelogin-devicecode.yaml", "b.yaml": "legacy-auth-provider.yaml" });
    const [a, b] = [join(home, "a.yaml"), join(home, "b.yaml")];
    // b also defines a user of its own
    writeFileSync(b, readFileSync(b, "utf8").replace("users:\n", "users:\n- name: only-in-b\n  user:\n    auth-provider:\n      config:\n        apiserver-id: 11111111-0000-0000-0000-000000000000\n      name: azure\n"));
    const bBefore = load(b);
    const result = await convert(home, [], { KUBECONFIG: `${a}::${join(home, "missing.yaml")}:${b}:${a}` });
    expect(result.rc).toBe(0);
    expect(JSON.parse(result.stdout).map((entry: { file: string; users: { name: string }[] }) => [entry.file, entry.users.map((user) => user.name)])).toEqual([
      [a, ["clusterUser_myrg_myaks"]],
      [b, ["only-in-b"]],
    ]);
    const bAfter = load(b);
    // b's clusterUser_myrg_myaks is shadowed by a's: kubectl never uses it, so it stays
    expect(userOf(bAfter, "clusterUser_myrg_myaks")).toEqual(userOf(bBefore, "clusterUser_myrg_myaks"));
    expect(userOf(bAfter, "only-in-b").exec.args).toEqual(["exec-credential", "--server-id", "11111111-0000-0000-0000-000000000000"]);
    expect(existsSync(join(home, "missing.yaml"))).toBe(false);
  });

  it("--context finds the context and its user across the list", async () => {
    const home = workspace({ "a.yaml": "kubelogin-modes.yaml", "b.yaml": "legacy-auth-provider.yaml" });
    const [a, b] = [join(home, "a.yaml"), join(home, "b.yaml")];
    const aText = readFileSync(a, "utf8");
    const result = await convert(home, ["--context", "myaks"], { KUBECONFIG: `${a}:${b}` });
    expect(result.rc).toBe(0);
    expect(readFileSync(a, "utf8")).toBe(aText);
    expect(existsSync(`${a}.aztoken-backup`)).toBe(false);
    expect(userOf(load(b), "clusterUser_myrg_myaks").exec.command).toBe("aztoken");
  });

  it("an unknown context or a context whose user does not use Entra ID is an error, nothing written", async () => {
    const home = workspace({ config: "kubelogin-devicecode.yaml" });
    const file = join(home, "config");
    const text = readFileSync(file, "utf8");
    expect(await convert(home, ["--kubeconfig", file, "--context", "nope"])).toEqual({ rc: 1, stdout: "", stderr: `ERROR: No context named "nope" in ${file}.\n` });
    expect(await convert(home, ["--kubeconfig", file, "--context", "myaks-admin"])).toEqual({
      rc: 1,
      stdout: "",
      stderr: 'ERROR: The user "clusterAdmin_myrg_myaks" of context "myaks-admin" neither runs kubelogin nor uses the azure auth provider.\n',
    });
    expect(readFileSync(file, "utf8")).toBe(text);
  });
});

describe("kubeconfig convert: files it must not touch", () => {
  it.each([
    ["a YAML syntax error", "apiVersion: v1\nusers:\n- name: u\n  user: {exec: [\n"],
    ["a duplicate key", "apiVersion: v1\nusers: []\nusers: []\n"],
    ["a list where the users mapping belongs", "- a\n- b\n"],
    ["users that are not a list", "apiVersion: v1\nusers: 3\n"],
  ])("refuses %s, leaving every file of the list untouched", async (_why, bad) => {
    const home = workspace({ "good.yaml": "legacy-auth-provider.yaml" });
    const [good, broken] = [join(home, "good.yaml"), join(home, "broken.yaml")];
    writeFileSync(broken, bad);
    const goodText = readFileSync(good, "utf8");
    const result = await convert(home, [], { KUBECONFIG: `${good}:${broken}` });
    expect(result.rc).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(new RegExp(`^ERROR: The kubeconfig ${broken} could not be parsed \\(.+\\); it was left unchanged\\.\\n$`));
    expect(readFileSync(broken, "utf8")).toBe(bad);
    expect(readFileSync(good, "utf8")).toBe(goodText);
    expect(existsSync(`${good}.aztoken-backup`) || existsSync(`${broken}.aztoken-backup`)).toBe(false);
  });

  it("a kubelogin user without --server-id is an error before anything is written", async () => {
    const home = workspace({ config: "kubelogin-devicecode.yaml" });
    const file = join(home, "config");
    writeFileSync(file, readFileSync(file, "utf8").replace("      - --server-id\n      - 6dae42f8-4368-4678-94ff-3960e28e3630\n", ""));
    const text = readFileSync(file, "utf8");
    const result = await convert(home, ["--kubeconfig", file]);
    expect(result).toEqual({ rc: 1, stdout: "", stderr: `ERROR: The user "clusterUser_myrg_myaks" in ${file} cannot be converted: its kubelogin command has no --server-id.\n` });
    expect(readFileSync(file, "utf8")).toBe(text);
  });

  it("no kubeconfig: one line saying where it looked", async () => {
    const home = workspace();
    expect(await convert(home, [])).toEqual({
      rc: 1,
      stdout: "",
      stderr: `ERROR: No kubeconfig at ${join(home, ".kube", "config")}; run \`az aks get-credentials\` first, or give --kubeconfig.\n`,
    });
  });

  it("rewriting through a symlink replaces the file it points to", async () => {
    const home = workspace({ "real.yaml": "legacy-auth-provider.yaml" });
    const { symlinkSync, lstatSync } = await import("node:fs");
    symlinkSync(join(home, "real.yaml"), join(home, "link.yaml"));
    expect((await convert(home, ["--kubeconfig", join(home, "link.yaml")])).rc).toBe(0);
    expect(lstatSync(join(home, "link.yaml")).isSymbolicLink()).toBe(true);
    expect(userOf(load(join(home, "real.yaml")), "clusterUser_myrg_myaks").exec.command).toBe("aztoken");
    expect(existsSync(join(home, "real.yaml.aztoken-backup"))).toBe(true);
  });
});

describe("reading kubelogin's flags as pflag does", () => {
  it.each([
    [["--server-id", "A"], "A"],
    [["--server-id=A"], "A"],
    [["--server-id", "A", "--server-id", "B"], "B"],
    [["--", "--server-id", "A"], undefined],
  ])("%j → %s", (args, expected) => expect(flagValue(args, "server-id")).toBe(expected));

  it.each([
    [["-t", "T"], "T"],
    [["-tT"], "T"],
    [["-t=T"], "T"],
    [["--tenant-id", "T"], "T"],
    [["--tenant-id=T"], "T"],
  ])("%j → tenant %s", (args, expected) => expect(flagValue(args, "tenant-id", "t")).toBe(expected));

  it("an exec of another program, or one already running aztoken, is not converted", () => {
    expect(classifyUser({ exec: { command: "gke-gcloud-auth-plugin", args: [] } })).toEqual({ kind: "other" });
    expect(classifyUser({ exec: { command: "/opt/bin/aztoken", args: ["exec-credential"] } })).toEqual({ kind: "aztoken" });
    expect(classifyUser({ "auth-provider": { name: "oidc", config: {} } })).toEqual({ kind: "other" });
  });
});
