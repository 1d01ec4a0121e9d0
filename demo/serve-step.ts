// The demo's `aztoken serve` step: the server runs in the foreground as a developer would start it, and an
// unmodified SDK app (@azure/identity's ManagedIdentityCredential, in its own Node process, with nothing but
// the variables serve printed) gets its token from it and calls the local API with it.
import { spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnvFile } from "../test/support/env-file.js";
import { exec } from "./exec.js";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** What the app runs: the SDK's own code path for App Service managed identity (IDENTITY_ENDPOINT/HEADER). */
const SDK_APP = `
import { ManagedIdentityCredential } from "@azure/identity";
const token = await new ManagedIdentityCredential().getToken(process.argv[1]);
const api = await fetch(process.argv[2], { headers: { authorization: "Bearer " + token.token } });
console.log("ManagedIdentityCredential got a token expiring " + new Date(token.expiresOnTimestamp).toISOString() + "; GET " + process.argv[2] + " -> " + api.status + " " + (await api.text()));
if (api.status !== 200) process.exitCode = 1;
`;

export interface ServeStepOptions {
  cli: string;
  env: NodeJS.ProcessEnv;
  scope: string;
  apiUrl: string;
}

export async function serveStep(options: ServeStepOptions): Promise<void> {
  const server = spawn(process.execPath, [options.cli, "serve"], { cwd: "/", env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  server.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => server.on("close", (code) => done(code)));
  try {
    const vars = await announcedVariables(server.stdout, exited);
    console.log("$ aztoken serve");
    for (const [name, value] of Object.entries(vars)) console.log(`  ${name}=${name.endsWith("HEADER") || name.endsWith("KEY") ? "<a fresh secret per start, not shown>" : value}`);
    console.log("$ node app.mjs   (an unmodified @azure/identity app; its environment holds only the variables above)");
    const app = await exec([process.execPath, "--input-type=module", "-e", SDK_APP, options.scope, options.apiUrl], { PATH: process.env.PATH, HOME: options.env.HOME, ...vars }, REPO);
    process.stdout.write(app.stdout);
    if (app.status !== 0) throw new Error(`the SDK app failed: ${app.stderr.trim() || app.stdout.trim()}`);
  } finally {
    server.kill("SIGINT");
    await exited;
    console.log("aztoken serve's log (stderr):");
    for (const line of stderr.trim().split("\n")) console.log(`  ${line}`);
  }
  // Outside `finally`, so that an error of the SDK step is not replaced by this one.
  const code = await exited;
  if (code !== 0) throw new Error(`aztoken serve exited with code ${code}`);
}

/** The env-file lines serve prints on stdout once it listens. */
function announcedVariables(stdout: NodeJS.ReadableStream, exited: Promise<number | null>): Promise<Record<string, string>> {
  return new Promise((resolvePromise, reject) => {
    let text = "";
    stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (!text.includes("AZD_AUTH_KEY=") || !text.endsWith("\n")) return;
      resolvePromise(parseEnvFile(text));
    });
    void exited.then((code) => reject(new Error(`aztoken serve exited (${code}) before it was ready`)));
  });
}
