// A short timing comparison for the demo: medians of a few whole-process runs, interleaved so a noisy
// machine affects every command alike. Processes are spawned asynchronously because the fake Entra ID runs in
// this process and must keep answering (az fetches discovery documents even on a cache hit).
// `npm run bench` is the thorough version.
import { spawn } from "node:child_process";

export interface TimedCommand {
  label: string;
  argv: string[];
  env: NodeJS.ProcessEnv;
}

export interface Timed {
  label: string;
  medianMs: number;
}

export async function timeCommands(commands: TimedCommand[], runs: number): Promise<Timed[]> {
  const samples = commands.map(() => [] as number[]);
  for (let run = 0; run < runs + 1; run++) {
    for (const [index, command] of commands.entries()) {
      const elapsed = await timeOnce(command);
      if (run > 0) samples[index]!.push(elapsed); // the first round warms the disk cache
    }
  }
  return commands.map((command, index) => ({ label: command.label, medianMs: median(samples[index]!) }));
}

function timeOnce(command: TimedCommand): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command.argv[0]!, command.argv.slice(1), { env: command.env, stdio: "ignore", cwd: "/" });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`${command.label} exited with ${code}`));
      else resolve(Number(process.hrtime.bigint() - started) / 1e6);
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
