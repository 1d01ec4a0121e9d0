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

const SECRET_LONG_OPTIONS = ["--password", "--federated-token", "--certificate"];

/** True for a long option that argparse would expand to a secret-bearing one (`--pass` means `--password`). */
function isSecretLongOption(name: string): boolean {
  return name.length > 3 && SECRET_LONG_OPTIONS.some((option) => option.startsWith(name));
}

/** Redacts argv for --debug: values of secret-bearing options are replaced whole, in every argparse form. */
export function redactArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq > 0 ? arg.slice(0, eq) : arg;
      if (isSecretLongOption(name)) {
        if (eq > 0) out.push(`${name}=${REDACTED}`);
        else {
          out.push(arg);
          if (i + 1 < argv.length) out.push(REDACTED);
          i++;
        }
        continue;
      }
    } else if (/^-[a-zA-Z]*p/.test(arg)) {
      // -p VALUE, -pVALUE, -p=VALUE, and -p at the end of a group of switches (-ip VALUE)
      const at = arg.indexOf("p");
      if (at === arg.length - 1) {
        out.push(arg);
        if (i + 1 < argv.length) out.push(REDACTED);
        i++;
      } else out.push(`${arg.slice(0, at + 1)}${REDACTED}`);
      continue;
    }
    out.push(redact(arg));
  }
  return out;
}
