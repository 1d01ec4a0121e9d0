// Shared by the login e2e suites: the built CLI against the fake Entra (through its proxy, trusting its CA),
// a fresh HOME/AZURE_CONFIG_DIR per test, and a PEM certificate for service principals.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import forge from "node-forge";
import { CLI_BIN } from "../support/paths.js";
import type { CliRun } from "../support/run-cli.js";

export interface TempHome {
  home: string;
  configDir: string;
  remove(): void;
}

export function tempHome(): TempHome {
  const home = mkdtempSync(join(tmpdir(), "aztoken-login-e2e-"));
  return { home, configDir: join(home, ".azure"), remove: () => rmSync(home, { recursive: true, force: true }) };
}

/** A self-signed certificate and its key in one PEM file, as `az login --service-principal` takes it. */
export function writeCertificatePem(dir: string): { path: string; certificatePem: string } {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = "01";
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  const subject = [{ name: "commonName", value: "aztoken-test-sp" }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const certificatePem = forge.pki.certificateToPem(cert);
  const path = join(dir, "sp.pem");
  writeFileSync(path, forge.pki.privateKeyToPem(keys.privateKey) + certificatePem, { mode: 0o600 });
  return { path, certificatePem };
}

/**
 * Spawns the CLI like runCliProcess does (cwd /, stdin closed, minimal env) but lets the test watch stderr while
 * it runs: `onStderr` sees the text so far and may act on it (play the browser).
 */
export function spawnCli(args: string[], options: { home: string; configDir: string; env: Record<string, string>; onStderr?: (text: string) => void; timeoutMs?: number }): Promise<CliRun> {
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: options.home, TZ: "UTC", AZURE_CONFIG_DIR: options.configDir, ...options.env };
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: "/", env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
      options.onStderr?.(stderr);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 25_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ stdout, stderr, rc: code ?? (signal ? 128 : 1) });
    });
  });
}
