// Standalone fake (bundled to dist/fake-entra.js). Prints one JSON line with its FakeEntraInfo on stdout, then
// serves until SIGINT/SIGTERM, `POST /__control/shutdown`, or (with --exit-with-parent) stdin closing.
//   node dist/fake-entra.js [config.json] [--config-json '{…}'] [--log-file F] [--http-port N] [--https-port N]
// The config is FakeEntraOptions as JSON; flags override the file.
import { readFileSync } from "node:fs";
import { startFakeEntra } from "./server.js";
import type { FakeEntraOptions } from "./types.js";

function parseArgs(argv: string[]): { options: FakeEntraOptions; exitWithParent: boolean } {
  let options: FakeEntraOptions = {};
  let exitWithParent = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === "--exit-with-parent") exitWithParent = true;
    else if (arg === "--config-json") options = { ...options, ...(JSON.parse(value()) as FakeEntraOptions) };
    else if (arg === "--log-file") options.logFile = value();
    else if (arg === "--http-port") options.httpPort = Number(value());
    else if (arg === "--https-port") options.httpsPort = Number(value());
    else if (!arg.startsWith("--")) options = { ...(JSON.parse(readFileSync(arg, "utf8")) as FakeEntraOptions), ...options };
    else throw new Error(`unknown option ${arg}`);
  }
  return { options, exitWithParent };
}

async function main(): Promise<void> {
  const { options, exitWithParent } = parseArgs(process.argv.slice(2));
  const fake = await startFakeEntra(options);
  const stop = () => void fake.close();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  if (exitWithParent) {
    process.stdin.once("end", stop).once("close", stop).resume();
  }
  process.stdout.write(`${JSON.stringify(fake.info())}\n`);
  await fake.closed;
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`fake-entra: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
