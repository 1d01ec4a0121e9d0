// Turns a managed-identity endpoint's JSON answer into our AccessToken, reporting the expiry as latest az does:
// MSAL Python normalises IMDS-style answers with `expires_in` and App Service-style answers with `expires_on`,
// and az reports int(now) + expires_in, i.e. int(expires_on) for the latter.
import { isUsableExpiry } from "../../cache/token-expiry.js";
import { reportedExpiry, type AccessToken } from "../types.js";
import { MsiDetailError } from "./errors.js";

/** Which field a source's expiry is read from first; the other one is the fallback. */
export type ExpiryField = "expires_in" | "expires_on";

interface TokenBody {
  access_token?: unknown;
  expires_in?: unknown;
  expires_on?: unknown;
}

export function parseTokenResponse(body: string, preferred: ExpiryField, nowMs: number): AccessToken {
  let parsed: TokenBody;
  try {
    parsed = JSON.parse(body) as TokenBody;
  } catch {
    throw new MsiDetailError("the token response is not JSON");
  }
  if (typeof parsed !== "object" || parsed === null || typeof parsed.access_token !== "string" || !parsed.access_token) {
    throw new MsiDetailError("the token response has no access_token");
  }
  const fromIn = () => (parsed.expires_in === undefined ? undefined : reportedExpiry(nowMs, Number(parsed.expires_in)));
  const fromOn = () => (parsed.expires_on === undefined ? undefined : parseExpiresOn(parsed.expires_on));
  const expiresOn = preferred === "expires_in" ? (fromIn() ?? fromOn()) : (fromOn() ?? fromIn());
  if (expiresOn === undefined || !isUsableExpiry(expiresOn)) {
    throw new MsiDetailError("the token response has no valid expires_on or expires_in");
  }
  return { token: parsed.access_token, expiresOn };
}

/**
 * `expires_on` as epoch seconds. Accepts epoch numbers or strings (IMDS, Cloud Shell, App Service 2019), App
 * Service 2017's `MM/DD/YYYY HH:MM:SS +00:00` (az strips the colon in the offset and parses), and ISO 8601
 * (which MSAL accepts). NaN when it is none of these.
 */
export function parseExpiresOn(value: unknown): number {
  if (typeof value === "number") return Math.trunc(value);
  if (typeof value !== "string") return Number.NaN;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.trunc(Number(text));
  const legacy = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2}) ([+-])(\d{2}):?(\d{2})$/.exec(text);
  if (legacy) {
    const [month, day, year, hour, minute, second, sign, offHours, offMinutes] = legacy.slice(1) as string[] as [
      string, string, string, string, string, string, string, string, string,
    ];
    const utc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
    // strptime rejects out-of-range fields; Date.UTC would roll them over
    const date = new Date(utc);
    if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day) || date.getUTCHours() !== Number(hour) || date.getUTCMinutes() !== Number(minute)) {
      return Number.NaN;
    }
    const offsetMs = (Number(offHours) * 60 + Number(offMinutes)) * 60_000 * (sign === "-" ? -1 : 1);
    return Math.trunc((utc - offsetMs) / 1000);
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? Number.NaN : Math.trunc(ms / 1000);
  }
  return Number.NaN;
}
