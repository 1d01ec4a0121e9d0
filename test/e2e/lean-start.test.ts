// The cache-hit path (get-token, and kubectl's exec-credential) loads only what it uses: no MSAL, no @azure/identity, no commander, YAML, table,
// help, usage-error or JMESPath code (@azure/identity is not part of the CLI at all). A --require preload lists every module file the process loaded (dist/ is CommonJS).
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeProfile, type TempProfile } from "../support/profile-fixture.js";
import { CLI_BIN, REPO_ROOT } from "../support/paths.js";
import { addCachedAccessToken, AKS_SERVER_ID } from "../support/cached-token.js";

const work = mkdtempSync(join(tmpdir(), "aztoken-lean-"));
const made: TempProfile[] = [];
afterAll(() => {
  made.splice(0).forEach((profile) => profile.remove());
  rmSync(work, { recursive: true, force: true });
});

/** The dist/ files and the Node builtins (process.moduleLoadList) a run of the CLI loaded. */
function loaded(args: string[]): { files: string[]; builtins: string[] } {
  const profile = makeProfile("user");
  made.push(profile);
  addCachedAccessToken(profile.configDir, `${AKS_SERVER_ID}/.default`);
  const list = join(work, `loaded-${made.length}.json`);
  const preload = join(work, "record-loaded.cjs");
  writeFileSync(
    preload,
    `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(list)}, JSON.stringify({ files: Object.keys(require.cache), builtins: process.moduleLoadList })));\n`,
  );
  const result = spawnSync(process.execPath, ["--require", preload, CLI_BIN, ...args], {
    cwd: "/",
    env: { PATH: process.env.PATH, HOME: profile.home, AZURE_CONFIG_DIR: profile.configDir, HTTPS_PROXY: "http://127.0.0.1:9" },
    encoding: "utf8",
  });
  expect(result.status, result.stderr).toBe(0);
  const { files, builtins } = JSON.parse(readFileSync(list, "utf8")) as { files: string[]; builtins: string[] };
  return {
    files: files.filter((file) => file.startsWith(join(REPO_ROOT, "dist"))),
    builtins: builtins.filter((entry) => entry.startsWith("NativeModule ")).map((entry) => entry.slice("NativeModule ".length)),
  };
}

/** Text that only the bundled copy of each heavy library contains. */
const HEAVY_MARKERS: Record<string, RegExp> = {
  "@azure/msal-node": /@azure\/msal-node|acquireTokenByRefreshToken/,
  commander: /commander|\.exitOverride\(/,
  "YAML emitter": /analyzeScalar/,
  "yaml (kubeconfig)": /YAMLParseError/,
  // issue 15: help, recovery and parser-error code stay off the cache-hit path
  "help texts": /function renderCommandHelp/,
  "usage-error recovery block": /Examples from AI knowledge base/,
  "did-you-mean matching (difflib)": /function getCloseMatches/,
  // the command table beyond the token commands (token-commands.ts): login's and the other commands' specs
  "other commands' specs": /Log out to remove access to Azure subscriptions/,
};

describe("the cache-hit path", () => {
  it.each([
    [["get-token", "--query", "accessToken", "-o", "tsv"]],
    [["account", "get-access-token", "-o", "json"]],
    [["exec-credential", "--server-id", AKS_SERVER_ID]],
  ])("%j loads no heavy library", (args) => {
    const { files, builtins } = loaded(args);
    expect(files.some((file) => file.endsWith(join("dist", "aztoken.js")))).toBe(true);
    for (const file of files) {
      const code = readFileSync(file, "utf8");
      for (const [library, marker] of Object.entries(HEAVY_MARKERS)) expect(marker.test(code), `${file} holds ${library}`).toBe(false);
    }
    // node:module (with the ESM loader it pulls in) and the stream stack behind node:net and node:tty: ~1-10 ms each
    for (const builtin of ["module", "net", "tty", "os"]) expect(builtins, builtin).not.toContain(builtin);
  });

  // Node 20.0-20.15 have no process.getBuiltinModule: the preload takes it away to run that path
  it.each([["", false], [" (Node before 20.16)", true]])("the builtin check can fail: a run whose stdout is a character device loads node:tty%s", (_, old) => {
    const profile = makeProfile("user");
    made.push(profile);
    const list = join(work, `builtins-tty-${old}.json`);
    const preload = join(work, `record-builtins-${old}.cjs`);
    writeFileSync(
      preload,
      `${old ? "delete process.getBuiltinModule;\n" : ""}process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(list)}, JSON.stringify(process.moduleLoadList)));\n`,
    );
    const devNull = openSync("/dev/null", "w");
    try {
      const result = spawnSync(process.execPath, ["--require", preload, CLI_BIN, "get-token", "-o", "none"], {
        cwd: "/",
        env: { PATH: process.env.PATH, AZURE_CONFIG_DIR: profile.configDir, HTTPS_PROXY: "http://127.0.0.1:9" },
        stdio: ["ignore", devNull, "pipe"],
        encoding: "utf8",
      });
      expect(result.status, result.stderr).toBe(0);
    } finally {
      closeSync(devNull);
    }
    // no HOME either: the home directory comes from node:os
    expect(JSON.parse(readFileSync(list, "utf8"))).toEqual(expect.arrayContaining(["NativeModule tty", "NativeModule os"]));
  });

  it("each marker is found in the lazily loaded chunks, so the check above can fail", () => {
    const chunksDir = join(REPO_ROOT, "dist", "chunks");
    const chunks = readdirSync(chunksDir).map((name) => readFileSync(join(chunksDir, name), "utf8"));
    for (const [library, marker] of Object.entries(HEAVY_MARKERS)) expect(chunks.some((code) => marker.test(code)), library).toBe(true);
  });
});
