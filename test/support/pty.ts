// Runs the CLI with stdout and stderr on a pseudo-terminal (util-linux `script`), as the tty_* goldens were
// captured; the terminal's CR bytes are removed as in those captures.
import { spawn, spawnSync } from "node:child_process";
import { cliEnvironment, type CliRun, type CliRunOptions } from "./run-cli.js";
import { reportSkip } from "./oracles.js";
import { CLI_BIN } from "./paths.js";

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Whether util-linux's script(1) is here (macOS has BSD script, which takes other flags; Windows has none). */
export const HAS_PSEUDO_TERMINAL = /util-linux/.test(spawnSync("script", ["--version"], { encoding: "utf8" }).stdout ?? "");

/** For `describe.runIf(...)`: whether `suite` can run, after printing why not when it cannot. */
export function needPseudoTerminal(suite: string): boolean {
  if (!HAS_PSEUDO_TERMINAL) reportSkip(suite, "no util-linux script(1) on PATH to give the CLI a terminal");
  return HAS_PSEUDO_TERMINAL;
}

export function runInPseudoTerminal(args: readonly string[], options: CliRunOptions): Promise<CliRun> {
  const command = [process.execPath, CLI_BIN, ...args].map(shellQuote).join(" ");
  const env = { TERM: "xterm", ...cliEnvironment(options) };
  return new Promise((resolve, reject) => {
    // `script -e` returns the child's exit code; the typescript file is discarded.
    const child = spawn("script", ["-qec", `stty -onlcr 2>/dev/null; ${command}`, "/dev/null"], { cwd: "/", env, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ stdout: Buffer.concat(out).toString("utf8").replace(/\r/g, ""), stderr: "", rc: code ?? 1 }));
  });
}
