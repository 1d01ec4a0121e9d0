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

const FIELD_PATTERN = new RegExp(
  // form-encoded "name=value" and JSON "\"name\": \"value\""
  `((?:^|[?&\\s])(?:${SECRET_FIELDS.join("|")})=)[^&\\s]*|("(?:${SECRET_FIELDS.join("|")})"\\s*:\\s*")(?:[^"\\\\]|\\\\.)*(")`,
  "g",
);
const JWT_PATTERN = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
const BEARER_PATTERN = /\b(Bearer\s+)[^\s"',]+/gi;
// Credentials in URLs (proxy settings: http://user:pass@proxy:3128) and in credential-bearing header lines.
const URL_USERINFO_PATTERN = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;
const HEADER_PATTERN = /\b((?:proxy-)?authorization|x-identity-header)(\s*:\s*)[^\r\n"]+/gi;

export const REDACTED = "<redacted>";

export function redact(text: string): string {
  return text
    .replace(FIELD_PATTERN, (_m, formPrefix: string | undefined, jsonPrefix: string | undefined, jsonSuffix: string | undefined) =>
      formPrefix !== undefined ? `${formPrefix}${REDACTED}` : `${jsonPrefix}${REDACTED}${jsonSuffix}`,
    )
    .replace(JWT_PATTERN, REDACTED)
    .replace(BEARER_PATTERN, `$1${REDACTED}`)
    .replace(URL_USERINFO_PATTERN, `$1${REDACTED}@`)
    .replace(HEADER_PATTERN, `$1$2${REDACTED}`);
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
