// The cache-hit path (get-token, and kubectl's exec-credential) loads only what it uses: no MSAL, no @azure/identity, no commander, YAML, table,
// help, usage-error or JMESPath code (@azure/identity is not part of the CLI at all). A --require preload lists every module file the process loaded (dist/ is CommonJS).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

function loadedFiles(args: string[]): string[] {
  const profile = makeProfile("user");
  made.push(profile);
  addCachedAccessToken(profile.configDir, `${AKS_SERVER_ID}/.default`);
  const list = join(work, `loaded-${made.length}.json`);
  const preload = join(work, "record-loaded.cjs");
  writeFileSync(preload, `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(list)}, JSON.stringify(Object.keys(require.cache))));\n`);
  const result = spawnSync(process.execPath, ["--require", preload, CLI_BIN, ...args], {
    cwd: "/",
    env: { PATH: process.env.PATH, HOME: profile.home, AZURE_CONFIG_DIR: profile.configDir, HTTPS_PROXY: "http://127.0.0.1:9" },
    encoding: "utf8",
  });
  expect(result.status, result.stderr).toBe(0);
  return (JSON.parse(readFileSync(list, "utf8")) as string[]).filter((file) => file.startsWith(join(REPO_ROOT, "dist")));
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
};

describe("the cache-hit path", () => {
  it.each([
    [["get-token", "--query", "accessToken", "-o", "tsv"]],
    [["account", "get-access-token", "-o", "json"]],
    [["exec-credential", "--server-id", AKS_SERVER_ID]],
  ])("%j loads no heavy library", (args) => {
    const files = loadedFiles(args);
    expect(files.some((file) => file.endsWith(join("dist", "aztoken.js")))).toBe(true);
    for (const file of files) {
      const code = readFileSync(file, "utf8");
      for (const [library, marker] of Object.entries(HEAVY_MARKERS)) expect(marker.test(code), `${file} holds ${library}`).toBe(false);
    }
  });

  it("each marker is found in the lazily loaded chunks, so the check above can fail", () => {
    const chunksDir = join(REPO_ROOT, "dist", "chunks");
    const chunks = readdirSync(chunksDir).map((name) => readFileSync(join(chunksDir, name), "utf8"));
    for (const [library, marker] of Object.entries(HEAVY_MARKERS)) expect(chunks.some((code) => marker.test(code)), library).toBe(true);
  });
});
