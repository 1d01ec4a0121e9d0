// Shared by the login e2e suites: a fresh HOME/AZURE_CONFIG_DIR per test and a PEM certificate for service
// principals. The CLI runs through test/support/run-cli.ts against the fake Entra (its proxy, trusting its CA).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import forge from "node-forge";

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
