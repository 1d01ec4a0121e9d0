// Trusted roots for TLS. requests (and so az/MSAL Python) verifies against REQUESTS_CA_BUNDLE, else
// CURL_CA_BUNDLE, else its default bundle; it ignores SSL_CERT_FILE, and so do we. Where az *replaces* the
// default roots with that bundle we *add* it to Node's roots: a superset, so whatever az accepts we accept.
// Passing `ca` to TLS replaces Node's store including NODE_EXTRA_CA_CERTS, so that file is added back by hand.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { AzError } from "../../core/errors.js";
import { builtinModule } from "../builtin.js";
import type { Env } from "../deps.js";

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The bundle variable in effect, requests' order: REQUESTS_CA_BUNDLE, then CURL_CA_BUNDLE (empty = unset). */
export function caBundleSetting(env: Env): { variable: string; path: string } | undefined {
  for (const variable of ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"]) {
    const path = env[variable];
    if (path) return { variable, path };
  }
  return undefined;
}

/**
 * The `ca` option for tls.connect: undefined when no bundle is configured (Node's defaults, which already
 * include NODE_EXTRA_CA_CERTS), else Node's roots + NODE_EXTRA_CA_CERTS + the bundle's certificates.
 */
export function loadTrustedCas(env: Env): string[] | undefined {
  const setting = caBundleSetting(env);
  if (!setting) return undefined;
  const extra = readPemCertificates(setting.path, setting.variable);
  if (extra.length === 0) {
    throw new AzError(`${setting.variable} points to '${setting.path}', which contains no PEM certificates.`);
  }
  const nodeExtra = env.NODE_EXTRA_CA_CERTS ? tryReadPem(env.NODE_EXTRA_CA_CERTS) : [];
  // node:tls only here, with a bundle configured: the transport loads it as late as it can (transport.ts)
  return [...builtinModule("node:tls").rootCertificates, ...nodeExtra, ...extra];
}

/** A file of PEM certificates, or (like requests' ca_cert_dir) a directory of such files. */
function readPemCertificates(path: string, variable: string): string[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    // requests' own wording, plus which variable named the path.
    throw new AzError(`Could not find a suitable TLS CA certificate bundle, invalid path: ${path} (set by ${variable})`);
  }
  if (!isDirectory) return extractPem(readFileSync(path, "latin1"));
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .flatMap((entry) => tryReadPem(join(path, entry.name)));
}

function tryReadPem(path: string): string[] {
  try {
    return extractPem(readFileSync(path, "latin1"));
  } catch {
    return []; // Node ignores an unreadable NODE_EXTRA_CA_CERTS with a warning; unreadable directory entries are skipped.
  }
}

function extractPem(text: string): string[] {
  return text.match(PEM_CERT) ?? [];
}
