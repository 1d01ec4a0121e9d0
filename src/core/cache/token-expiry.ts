// Expiry values from servers and from the cache file, checked before a token is printed or stored: a token is
// only usable with an expiry that is a number and a date az could print (Python's datetime ends in 9999).
// Shared by the cache-hit path, so it stays tiny.

/** 9999-12-31T23:59:59Z in POSIX seconds, the last instant Python's datetime (az's output) can represent. */
export const LATEST_EXPIRY_SECONDS = 253_402_300_799;

/** Seconds as servers and MSAL write them: a finite JSON number or a decimal string ("3599"); else undefined. */
export function secondsValue(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && /^\s*-?\d+(?:\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** An absolute expiry (POSIX seconds) that can be reported as a date. */
export function isUsableExpiry(epochSeconds: number): boolean {
  return Number.isFinite(epochSeconds) && epochSeconds >= 0 && epochSeconds <= LATEST_EXPIRY_SECONDS;
}
