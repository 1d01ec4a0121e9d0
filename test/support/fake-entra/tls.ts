// Certificate material for the fake: a throwaway CA, a leaf for every host the fake answers for, and an RSA key
// that signs the fake's JWTs. Node generates the keys (much faster than forge's pure-JS RSA); forge only builds
// and signs the X.509 certificates, which Node cannot do.
import { generateKeyPair, createHash, type KeyObject, createPrivateKey } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import forge from "node-forge";

export const DEFAULT_TLS_HOSTS = [
  "login.microsoftonline.com",
  "login.windows.net",
  "login.microsoft.com",
  "management.azure.com",
  "management.core.windows.net",
  "graph.microsoft.com",
  "localhost",
  "127.0.0.1",
];

export interface TlsMaterial {
  caPem: string;
  leafPem: string;
  leafKeyPem: string;
  /** Signs access/ID tokens (RS256). */
  signingKey: KeyObject;
  hosts: string[];
}

interface KeyTrio {
  caKeyPem: string;
  leafKeyPem: string;
  signingKeyPem: string;
}

interface CachedRoot extends KeyTrio {
  caPem: string;
}

const generateKeyPairAsync = promisify(generateKeyPair);
const CACHE_VERSION = "v1";
const memoryCache = new Map<string, Promise<TlsMaterial>>();

/**
 * The CA + leaf + signing key for these hosts. Cached per process, and (unless `cacheDir` is false) on disk, so
 * only the very first start on a machine pays for RSA key generation (~0.3 s); later starts take a few ms.
 */
export function getTlsMaterial(extraHosts: string[] = [], cacheDir: string | false = defaultCacheDir()): Promise<TlsMaterial> {
  const hosts = [...new Set([...DEFAULT_TLS_HOSTS, ...extraHosts.map((h) => h.toLowerCase())])];
  const key = `${cacheDir || ""}|${hosts.join(",")}`;
  let material = memoryCache.get(key);
  if (!material) {
    material = buildMaterial(hosts, cacheDir);
    memoryCache.set(key, material);
    material.catch(() => memoryCache.delete(key));
  }
  return material;
}

function defaultCacheDir(): string {
  return join(tmpdir(), `fake-entra-tls-${CACHE_VERSION}-${process.getuid?.() ?? "u"}`);
}

async function buildMaterial(hosts: string[], cacheDir: string | false): Promise<TlsMaterial> {
  let root = cacheDir ? readCached<CachedRoot>(cacheDir, "root.json") : undefined;
  if (!root) {
    const keys = await generateKeys();
    root = { ...keys, caPem: buildCaCert(keys.caKeyPem) };
    if (cacheDir) writeCached(cacheDir, "root.json", root);
  }
  // Keyed by the CA too: if two processes raced to create root.json, each leaf still matches its own CA.
  const leafName = `leaf-${sha256(`${root.caPem}|${hosts.join(",")}`).slice(0, 20)}.json`;
  let leafPem = cacheDir ? readCached<{ pem: string }>(cacheDir, leafName)?.pem : undefined;
  if (!leafPem) {
    leafPem = buildLeafCert(hosts, root, root.caPem);
    if (cacheDir) writeCached(cacheDir, leafName, { pem: leafPem });
  }
  return {
    caPem: root.caPem,
    leafPem,
    leafKeyPem: root.leafKeyPem,
    signingKey: createPrivateKey(root.signingKeyPem),
    hosts,
  };
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

async function generateKeys(): Promise<KeyTrio> {
  // Three keys in parallel on the libuv pool: about the cost of one.
  const [ca, leaf, signing] = await Promise.all(
    [0, 1, 2].map(() =>
      generateKeyPairAsync("rsa", {
        modulusLength: 2048,
        publicKeyEncoding: { type: "spki", format: "pem" },
        privateKeyEncoding: { type: "pkcs1", format: "pem" },
      }),
    ),
  );
  return { caKeyPem: ca!.privateKey, leafKeyPem: leaf!.privateKey, signingKeyPem: signing!.privateKey };
}

function publicFromPrivate(privateKeyPem: string): forge.pki.rsa.PublicKey {
  const priv = forge.pki.privateKeyFromPem(privateKeyPem) as forge.pki.rsa.PrivateKey;
  return forge.pki.setRsaPublicKey(priv.n, priv.e);
}

function newCert(publicKey: forge.pki.rsa.PublicKey, days: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(8))}`;
  // Back-dated a day so clock skew between processes never makes it "not yet valid".
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + days * 86_400_000);
  return cert;
}

function buildCaCert(caKeyPem: string): string {
  const cert = newCert(publicFromPrivate(caKeyPem), 3650);
  const subject = [{ name: "commonName", value: "fake-entra test CA (aztoken)" }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(caKeyPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

function buildLeafCert(hosts: string[], keys: KeyTrio, caPem: string): string {
  const ca = forge.pki.certificateFromPem(caPem);
  // Leaf certs are re-issued whenever the host set changes; keep them shorter-lived than the CA.
  const cert = newCert(publicFromPrivate(keys.leafKeyPem), 825);
  cert.setSubject([{ name: "commonName", value: hosts[0] ?? "localhost" }]);
  cert.setIssuer(ca.subject.attributes);
  const isIp = (h: string) => /^[\d.]+$/.test(h) || h.includes(":");
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    { name: "subjectAltName", altNames: hosts.map((h) => (isIp(h) ? { type: 7, ip: h } : { type: 2, value: h })) },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keys.caKeyPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

function readCached<T>(dir: string, name: string): T | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, name), "utf8")) as T;
  } catch {
    return undefined;
  }
}

/** Atomic (temp + rename) so parallel processes never read half a file. */
function writeCached(dir: string, name: string, value: unknown): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = join(dir, `${name}.${process.pid}.${Date.now()}.tmp`);
    writeFileSync(tmp, JSON.stringify(value), { mode: 0o600 });
    renameSync(tmp, join(dir, name));
  } catch {
    // A read-only temp dir only costs speed.
  }
}
