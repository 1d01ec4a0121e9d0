// Removes anything that looks like a credential from text meant for humans (logs, errors, --debug argv).
// Form fields and JSON members that carry secrets, JWT-shaped strings and "Bearer x" headers are masked.

const SECRET_FIELDS = [
  "access_token",
  "refresh_token",
  "id_token",
  "client_secret",
  "client_assertion",
  "assertion",
  "password",
  "code",
  "device_code",
  "code_verifier",
  "secret",
  "accessToken",
  "federated_token",
];

// Every pattern runs in linear time on hostile input (a server's error text can be megabytes), and fast: each
// matches only the secret itself (its prefix is a lookbehind, so no captures, which cost V8 ~1.5 µs a match),
// and no run of characters is rescanned from each of its positions: a lookahead on the value's first character
// comes before any lookbehind that could walk back over a run of spaces. JWTs, whose parts may contain the `-`
// that \b stops at, are found by a forward scan instead of a pattern.
const NAMES = SECRET_FIELDS.join("|");
const SECRET_PATTERNS: readonly RegExp[] = [
  // form-encoded name=value
  new RegExp(`(?<=(?:^|[?&\\s])(?:${NAMES})=)[^&\\s]+`, "g"),
  // JSON "name": "value" (escapes included)
  new RegExp(`(?<="(?:${NAMES})"\\s*:\\s*")[^"\\\\]*(?:\\\\.[^"\\\\]*)*(?=")`, "g"),
];
const BEARER_PATTERN = /(?=[^\s"',])(?<=\bBearer\s+)[^\s"',]+/gi;
const HEADER_PATTERNS: readonly RegExp[] = [
  // Credentials in URLs (proxy settings: http://user:pass@proxy:3128)
  /(?<=(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+(?=@)/gi,
  // credential-bearing header lines
  /(?=[^\s"])(?<=\b(?:(?:proxy-)?authorization|x-identity-header)\s*:\s*)[^\r\n"]+/gi,
];

export const REDACTED = "<redacted>";

export function redact(text: string): string {
  const fieldsMasked = SECRET_PATTERNS.reduce((current, pattern) => current.replace(pattern, REDACTED), text);
  const jwtsMasked = maskJwts(fieldsMasked).replace(BEARER_PATTERN, REDACTED);
  return HEADER_PATTERNS.reduce((current, pattern) => current.replace(pattern, REDACTED), jwtsMasked);
}

/**
 * Masks what /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\/g would match, in one forward scan. When a
 * candidate fails, every later `eyJ` in the same base64url run would fail the same way, so the search resumes
 * after that run: each character is looked at a bounded number of times.
 */
function maskJwts(text: string): string {
  let out = "";
  let copied = 0;
  let at = text.indexOf("eyJ");
  while (at >= 0) {
    let resume = at + 1;
    if (at === 0 || !isWordChar(text.charCodeAt(at - 1))) {
      const header = endOfBase64Url(text, at + 3);
      resume = header;
      if (header - at >= 7 && text.charCodeAt(header) === DOT) {
        const payload = endOfBase64Url(text, header + 1);
        resume = header + 1;
        if (text.charCodeAt(payload) === DOT) {
          const end = endOfBase64Url(text, payload + 1);
          out += text.slice(copied, at) + REDACTED;
          copied = end;
          resume = end;
        }
      }
    }
    at = text.indexOf("eyJ", resume);
  }
  return copied === 0 ? text : out + text.slice(copied);
}

const DOT = 0x2e;

/** \w in a non-Unicode pattern: [A-Za-z0-9_]. */
function isWordChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
}

/** The index after the run of [A-Za-z0-9_-] that starts at `from`. */
function endOfBase64Url(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (!isWordChar(code) && code !== 0x2d) break;
    i++;
  }
  return i;
}

/**
 * A credential in argv: the last `valueLength` characters of `argv[index]` (the whole argument for
 * `--password X`, the tail for `--pass=X`, `-pX` or `-ip=X`). The command-line parser finds them from the
 * options it marks secret, in whatever spelling it accepted.
 */
export interface ArgvSecret {
  index: number;
  valueLength: number;
}

/** Argv for --debug: the given secret values masked, and anything credential-shaped in the rest. */
export function redactArgv(argv: readonly string[], secrets: readonly ArgvSecret[]): string[] {
  return argv.map((arg, index) => {
    const secret = secrets.find((s) => s.index === index);
    return secret ? `${arg.slice(0, arg.length - secret.valueLength)}${REDACTED}` : redact(arg);
  });
}
