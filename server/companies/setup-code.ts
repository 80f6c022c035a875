import { createHmac } from "node:crypto";

/**
 * The first run's setup code for a portal with this secret: derived, so every instance of one portal prints the same
 * code and nothing needs storing. Eight characters people can read out without confusing 0 and O.
 */
export function setupCodeFor(secret: string): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const digest = createHmac("sha256", secret).update("buyer-portal/first-run/v1").digest();
  return [...digest.subarray(0, 8)].map((b) => alphabet[b % alphabet.length]).join("");
}
