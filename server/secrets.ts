import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { env } from "@/server/env";

/**
 * Supplier credentials are sealed with AES-256-GCM before they touch the
 * database. The key comes from PORTAL_ENCRYPTION_KEY, else from NEXTAUTH_SECRET,
 * so a copied database alone does not give away a supplier account.
 */
function key(): Buffer {
  const material = env.PORTAL_ENCRYPTION_KEY ?? env.NEXTAUTH_SECRET;
  if (!material) throw new Error("PORTAL_ENCRYPTION_KEY or NEXTAUTH_SECRET must be set to store supplier credentials");
  return createHash("sha256").update(`buyer-portal/secrets/v1:${material}`).digest();
}

export function sealSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function openSecret(sealed: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  // An empty secret (a public API client, as OrderCloud's password grant uses) seals to an empty body.
  if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("Unrecognised sealed secret");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
