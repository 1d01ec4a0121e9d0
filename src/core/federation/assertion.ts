// The assertion to send for one token request: the one stored with the entry while it has more than a minute
// left (another process, or this login, just fetched it), else a new one from the provider.
import { jwtClaims } from "../jwt.js";
import { fetchAssertion, type AssertionProvider, type AssertionRequestContext } from "./provider.js";

/** Less than this left and the assertion is fetched again: it must still be valid when Entra checks it. */
export const MIN_ASSERTION_LIFETIME_MS = 60_000;

export interface CurrentAssertion {
  assertion: string;
  /** True when it came from the provider now (and should be stored for the next caller and for az). */
  fetched: boolean;
}

export async function currentAssertion(
  stored: unknown,
  provider: AssertionProvider,
  context: AssertionRequestContext & { nowMs: number },
): Promise<CurrentAssertion> {
  if (typeof stored === "string" && stored && hasTimeLeft(stored, context.nowMs)) {
    context.logger.debug("Using the stored federated token: it has more than a minute left");
    return { assertion: stored, fetched: false };
  }
  return { assertion: await fetchAssertion(provider, context), fetched: true };
}

/** A JWT whose `exp` is more than a minute away; an opaque token (no readable `exp`) is never reused. */
export function hasTimeLeft(assertion: string, nowMs: number): boolean {
  const expiresMs = jwtExpiryMs(assertion);
  return expiresMs !== undefined && expiresMs - nowMs > MIN_ASSERTION_LIFETIME_MS;
}

function jwtExpiryMs(token: string): number | undefined {
  const exp = jwtClaims(token)?.exp;
  return typeof exp === "number" ? exp * 1000 : undefined;
}
