// Runs the CLI with stdout and stderr on a pseudo-terminal (util-linux `script`), as the tty_* goldens were
// captured; the terminal's CR bytes are removed as in those captures.
import { cliEnvironment, runProcess, type CliRun, type CliRunOptions } from "./run-cli.js";
import { CLI_BIN } from "./paths.js";

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export async function runInPseudoTerminal(args: readonly string[], options: CliRunOptions): Promise<CliRun> {
  const command = [process.execPath, CLI_BIN, ...args].map(shellQuote).join(" ");
  const env = { TERM: "xterm", ...cliEnvironment(options) };
  // `script -e` returns the child's exit code; the typescript file is discarded. Both streams reach stdout.
  const run = await runProcess("script", ["-qec", `stty -onlcr 2>/dev/null; ${command}`, "/dev/null"], { cwd: "/", env, stdin: "" });
  return { stdout: run.stdout.replace(/\r/g, ""), stderr: "", rc: run.rc };
}
