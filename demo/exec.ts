// Runs a command asynchronously for the demo: the fake Entra ID lives in the demo's process and must keep
// answering while the command runs.
import { spawn } from "node:child_process";

export interface Finished {
  stdout: string;
  stderr: string;
  status: number | null;
}

export function exec(argv: string[], env: NodeJS.ProcessEnv, cwd = "/"): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ stdout, stderr, status }));
  });
}
