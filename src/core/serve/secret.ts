// The per-start shared secret: 256 random bits, compared in constant time whatever the caller sent.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** 32 random bytes as hex: safe unquoted in every shell, env file and header. */
export function newSecret(): string {
  return randomBytes(32).toString("hex");
}

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

/**
 * A check of the secret a request carried that leaks neither where it differs from ours nor how long ours is:
 * both sides are hashed first, so timingSafeEqual always compares 32 bytes.
 */
export function secretChecker(secret: string): (given: string | undefined) => boolean {
  const expected = digest(secret);
  return (given) => given !== undefined && timingSafeEqual(expected, digest(given));
}
