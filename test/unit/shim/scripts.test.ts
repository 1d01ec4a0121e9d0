// Script generation: the sh launcher is run for real (dash is /bin/sh here) against a fake node and a stub az;
// the .cmd launcher can only be checked as text on this platform.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchEchoText, renderCmdLauncher } from "../../../src/core/shim/cmd-script.js";
import { anyCase, renderPosixLauncher, shellQuote } from "../../../src/core/shim/posix-script.js";
import { AZTOKEN_COMMANDS, LAUNCHER_MARKER } from "../../../src/core/shim/routes.js";
import { findOnPath } from "../../support/executables.js";
import { reportSkip } from "../../support/oracles.js";
import { skipOnWindows } from "../../support/platform.js";
import { argLines, removeTempDirs, runShell, sq, tempDir, writeExecutable, writeFakeNode, writeStubAz } from "./support.js";

afterAll(removeTempDirs);

const noPosixShell = skipOnWindows("the POSIX launcher tests", "/bin/sh to run the launcher");
/** The shells the launcher is parsed with: dash (Debian's /bin/sh) and bash (macOS's /bin/sh), when installed. */
const SHELLS = ["dash", "bash"].filter((shell) => {
  const found = findOnPath(shell) !== undefined;
  if (!found && !noPosixShell) reportSkip(`parsing the launcher with ${shell}`, `no ${shell} on PATH`);
  return found;
});

describe.skipIf(noPosixShell)("POSIX launcher text", () => {
  const target = { node: "/opt/node $HOME/bin/node", bin: "/opt/it's \"here\"/bin/aztoken.js" };
  const text = renderPosixLauncher(target);

  it("is a sh script with the marker on line 2 and the target paths quoted literally", () => {
    const lines = text.split("\n");
    expect(lines[0]).toBe("#!/bin/sh");
    expect(lines[1]).toContain(LAUNCHER_MARKER);
    expect(text).toContain(`aztoken_node=${shellQuote(target.node)}`);
    expect(execFileSync("/bin/sh", ["-c", `printf %s ${shellQuote(target.bin)}`], { encoding: "utf8" })).toBe(target.bin);
  });

  it.each(SHELLS)("parses with %s -n", (shell) => {
    const file = join(tempDir(), "az");
    writeFileSync(file, text);
    expect(() => execFileSync(shell, ["-n", file])).not.toThrow();
  });

  it("matches command words in any letter case", () => {
    expect(anyCase("get-token")).toBe("[gG][eE][tT]-[tT][oO][kK][eE][nN]");
    expect(() => anyCase("a b")).toThrow();
  });
});

describe.skipIf(noPosixShell)("POSIX launcher routing", () => {
  let shimDir: string;
  let path: string;

  beforeAll(() => {
    const root = tempDir();
    shimDir = join(root, "shim");
    const bin = writeExecutable(join(root, "aztoken.js"), "");
    writeStubAz(join(root, "cli"));
    const node = writeFakeNode(root);
    mkdirSync(shimDir);
    writeExecutable(join(shimDir, "az"), renderPosixLauncher({ node, bin }));
    path = `${shimDir}:${join(root, "cli")}:/usr/bin:/usr/local/bin`;
  });

  const cases: [string[], "aztoken" | "az"][] = [
    [["account", "get-access-token", "--output", "json", "--resource", "R"], "aztoken"],
    [["account", "get-access-token", "-o", "json", "--scope", "S", "--tenant", "T"], "aztoken"],
    [["account", "show", "-o=json"], "aztoken"],
    [["account", "list"], "aztoken"],
    [["account", "set", "--subscription", "My Sub"], "aztoken"],
    [["account", "clear"], "aztoken"],
    [["login", "--service-principal", "-u", "x", "--federated-token", "jwt"], "aztoken"],
    [["logout"], "aztoken"],
    [["version", "-o=json"], "aztoken"],
    [["--version"], "aztoken"],
    [["-v"], "aztoken"],
    [["get-token", "--query", "accessToken", "-o", "tsv"], "aztoken"],
    [["Account", "GET-ACCESS-TOKEN"], "aztoken"], // az lower-cases leading command words
    // root options before the command words, as argparse reads them
    [["--debug", "login"], "aztoken"],
    [["-o", "json", "version"], "aztoken"],
    [["-ojson", "version"], "aztoken"],
    [["--output=json", "account", "show"], "aztoken"],
    [["--out", "tsv", "--query", "x", "--only-show-errors", "account", "list"], "aztoken"],
    [["--verb", "version"], "aztoken"],
    // everything else belongs to the Azure CLI
    [[], "az"],
    [["--help"], "az"],
    [["--help", "login"], "az"],
    [["-h", "version"], "az"],
    [["--o", "json", "version"], "az"], // ambiguous prefix: az itself fails
    [["account"], "az"],
    [["account", "--help"], "az"],
    [["account", "tenant", "list"], "az"],
    [["account", "get-access-tokens"], "az"],
    [["group", "list"], "az"],
    [["vm", "login"], "az"],
    [["--debug", "--version"], "az"], // knack checks only the first argument for --version
    [["account show"], "az"],
    [["login-x"], "az"],
    [["", "login"], "az"],
  ];

  it.each(cases)("az %j runs %s", async (args, expected) => {
    const run = await runShell(["az", ...args.map(sq)].join(" "), { path });
    expect(run.stderr).toBe("");
    expect(run.stdout.split("\n")[0]).toBe(expected === "az" ? "stub-az" : "aztoken");
    expect(run.stdout.split("\n").slice(1).join("\n")).toBe(argLines(args));
    expect(run.rc).toBe(0);
  });

  // macOS's /bin/sh is bash (3.2, POSIX mode); make sure nothing in the script is dash-only
  it.each([
    [["--debug", "account", "show"], "aztoken"],
    [["group", "list", "a b"], "stub-az"],
  ])("bash --posix runs az %j through %s", async (args, expected) => {
    const run = await runShell(["bash", "--posix", sq(join(shimDir, "az")), ...args.map(sq)].join(" "), { path });
    expect(run.stdout).toBe(`${expected}\n${argLines(args)}`);
  });
});

describe("Windows launcher text", () => {
  const text = renderCmdLauncher({ node: "C:\\Program Files\\nodejs\\node.exe", bin: "C:\\Users\\100%\\aztoken\\bin\\aztoken.js" });
  const lines = text.split("\r\n");

  it("uses CRLF line endings throughout, with the marker on line 2", () => {
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(lines[0]).toBe("@echo off");
    expect(lines[1]).toContain(LAUNCHER_MARKER);
  });

  it("doubles % in the embedded paths", () => {
    expect(text).toContain('set "AZTOKEN_BIN=C:\\Users\\100%%\\aztoken\\bin\\aztoken.js"');
    expect(() => renderCmdLauncher({ node: 'C:\\a"b', bin: "C:\\b" })).toThrow(/double quote/);
  });

  it("has one case-insensitive test per route, all jumping to aztoken", () => {
    const routeLines = lines.filter((line) => line.startsWith('if /i "%AZTOKEN_W1%"'));
    expect(routeLines).toHaveLength(AZTOKEN_COMMANDS.length);
    for (const words of AZTOKEN_COMMANDS) {
      const expected = words.map((word, i) => `if /i "%AZTOKEN_W${i + 1}%"=="${word}"`).join(" ") + " goto run_aztoken";
      expect(routeLines).toContain(expected);
    }
  });

  it("forwards the untouched argument list (%*) to both aztoken and the real az", () => {
    expect(lines.filter((line) => line.endsWith(" %*"))).toEqual([
      'endlocal & goto #_undefined_# 2>nul || title %COMSPEC% & "%AZTOKEN_NODE%" "%AZTOKEN_BIN%" %*',
      'endlocal & goto #_undefined_# 2>nul || title %COMSPEC% & "%AZTOKEN_REAL%" %*',
    ]);
  });

  it("every label it jumps to exists", () => {
    const labels = new Set(lines.filter((line) => line.startsWith(":")).map((line) => line.slice(1)));
    const targets = [...text.matchAll(/(?:goto|call :)\s*:?([a-z_]+)/g)].map((match) => match[1]!).filter((t) => t !== "eof");
    for (const target of targets) expect(labels).toContain(target);
  });

  it("escapes echo text", () => {
    expect(batchEchoText("a (b) & c | d > e < f ^ 5%")).toBe("a ^(b^) ^& c ^| d ^> e ^< f ^^ 5%%");
  });
});
