// `npm run demo`: the main job on a machine with no Azure account and no internet. It starts the project's
// fake Entra ID and ARM on loopback (with a CA generated for the run), signs in with a service principal and
// with a device code (approved automatically), gets tokens in every output format, calls a local API that
// checks the bearer token, lets an unmodified @azure/identity app get its token from `aztoken serve`, and
// compares the cache-hit time with `node -e 0` (and with `az` when installed).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startFakeEntra, SP_CLIENT_ID, T1 } from "../test/support/fake-entra/index.js";
import { exec } from "./exec.js";
import { startResourceServer } from "./resource-server.js";
import { serveStep } from "./serve-step.js";
import { timeCommands } from "./timing.js";

const CLI = resolve(dirname(fileURLToPath(import.meta.url)), "..", "bin", "aztoken.js");
const API_AUDIENCE = "api://aztoken-demo";

interface Step {
  stdout: string;
  stderr: string;
}

async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), "aztoken-demo-"));
  const fake = await startFakeEntra();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    AZURE_CONFIG_DIR: join(home, ".azure"),
    AZURE_CORE_COLLECT_TELEMETRY: "false",
    TZ: process.env.TZ ?? "UTC",
    ...fake.env,
  };
  const api = await startResourceServer({ audience: API_AUDIENCE, tenant: T1, jwks: fake.jwks as { keys: Record<string, unknown>[] } });
  try {
    heading(`fake Entra ID on ${fake.httpsUrl}, reached as login.microsoftonline.com through ${fake.proxyUrl}`);
    console.log(`AZURE_CONFIG_DIR=${env.AZURE_CONFIG_DIR}`);

    heading("aztoken login --service-principal (client secret)");
    show(await aztoken(env, ["login", "--service-principal", "-u", SP_CLIENT_ID, "-p", "fake-secret", "--tenant", T1, "--query", "[].{name:name, user:user.name}", "-o", "table"]));

    heading("aztoken account get-access-token, in each output format");
    for (const format of ["json", "yaml", "tsv", "table"]) {
      console.log(`$ aztoken get-token -o ${format} --query "{tokenType: tokenType, expires_on: expires_on, tenant: tenant}"`);
      show(await aztoken(env, ["get-token", "-o", format, "--query", "{tokenType: tokenType, expires_on: expires_on, tenant: tenant}"]));
    }

    heading("aztoken login --use-device-code (the fake approves the code at once)");
    show(await aztoken(env, ["login", "--use-device-code", "--query", "[].{name:name, user:user.name, default:isDefault}", "-o", "table"]));
    show(await aztoken(env, ["account", "show", "--query", "{subscription: name, user: user.name, type: user.type}"]));

    heading(`a token for ${API_AUDIENCE} (refreshed over the network once, then from the cache), sent to a local API`);
    const token = (await aztoken(env, ["account", "get-access-token", "--scope", `${API_AUDIENCE}/.default`, "--query", "accessToken", "-o", "tsv"])).stdout.trim();
    const answer = await fetch(api.url, { headers: { authorization: `Bearer ${token}` } });
    console.log(`GET ${api.url} -> ${answer.status} ${await answer.text()}`);
    if (answer.status !== 200) throw new Error("the local API refused the token");
    const refused = await fetch(api.url, { headers: { authorization: "Bearer not-a-token" } });
    console.log(`GET ${api.url} with a forged token -> ${refused.status} ${await refused.text()}`);

    heading("aztoken serve: an SDK app gets its token from the developer's sign-in (the App Service managed-identity protocol)");
    await serveStep({ cli: CLI, env, scope: `${API_AUDIENCE}/.default`, apiUrl: api.url });

    heading("timing: cache hit against Node's own start (median of 10 runs)");
    const commands = [
      { label: "node -e 0", argv: [process.execPath, "-e", "0"], env },
      { label: "aztoken get-token --query accessToken -o tsv", argv: [process.execPath, CLI, "get-token", "--query", "accessToken", "-o", "tsv"], env },
    ];
    const azEnv = { ...env, REQUESTS_CA_BUNDLE: fake.caPath };
    const az = await exec(["az", "account", "get-access-token", "--query", "accessToken", "-o", "tsv"], azEnv).catch(() => ({ status: -1, stderr: "not installed" }));
    if (az.status === 0) {
      commands.push({ label: "az account get-access-token --query accessToken -o tsv", argv: ["az", "account", "get-access-token", "--query", "accessToken", "-o", "tsv"], env: azEnv });
    }
    const timings = await timeCommands(commands, 10);
    const floor = timings[0]!.medianMs;
    for (const timing of timings) console.log(`${timing.label.padEnd(58)} ${timing.medianMs.toFixed(1).padStart(7)} ms  ${(timing.medianMs / floor).toFixed(2)}x`);
    if (az.status !== 0) console.log(`(the real az could not run here: ${az.stderr.trim().split("\n")[0]}; \`apt-get install azure-cli\` adds it to this comparison)`);

    heading("requests the fake Entra ID saw");
    const counts = new Map<string, number>();
    for (const entry of fake.log.entries) counts.set(entry.route, (counts.get(entry.route) ?? 0) + 1);
    for (const [route, count] of counts) console.log(`${route.padEnd(24)} ${count}`);
    console.log("\ndemo finished: every step succeeded");
  } finally {
    await api.close();
    await fake.close();
    rmSync(home, { recursive: true, force: true });
  }
}

async function aztoken(env: NodeJS.ProcessEnv, args: string[]): Promise<Step> {
  const result = await exec([process.execPath, CLI, ...args], env);
  if (result.status !== 0) throw new Error(`aztoken ${args[0]} failed (rc ${result.status}): ${result.stderr.trim()}`);
  return result;
}

function show(step: Step): void {
  for (const line of step.stderr.split("\n").filter(Boolean)) console.log(`  (stderr) ${line}`);
  process.stdout.write(step.stdout);
}

function heading(text: string): void {
  console.log(`\n== ${text}`);
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
