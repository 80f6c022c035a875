import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { env, keyringSettingFromEnv } from "@/server/env";
import { ensureKeyFile } from "@/server/keys/key-file";
import { parseKeyring, type Keyring } from "@/server/keys/keyring";

/**
 * Secrets stored by the portal (supplier credentials, invitation tokens; every column in server/keys/sealed-columns.ts)
 * are sealed with AES-256-GCM before they touch the database, as `v2.<key id>.<iv>.<tag>.<body>`, so a copied database
 * alone gives nothing away and the key can be rotated (npm run keys:rotate). The key id is authenticated with the
 * value: relabelling a value with another id is refused like any other change.
 *
 * `v1.<iv>.<tag>.<body>` values, from before the keyring, were sealed under a key derived from the session secret;
 * they still open (with NEXTAUTH_SECRET) until the rotation re-seals them.
 */

export class SealedValueError extends Error {}

/** What opens a `v1` value: the session secret the portal sealed with before it had a keyring. */
export function legacyKeyFrom(sessionSecret: string | undefined): Buffer | null {
  return sessionSecret ? createHash("sha256").update(`buyer-portal/secrets/v1:${sessionSecret}`).digest() : null;
}

export interface OpeningKeys {
  ring: Keyring;
  legacy: Buffer | null;
}

/** The key id a sealed value names ("v1" for a value from before the keyring), or null for something never sealed. */
export function keyIdOf(sealed: string): string | null {
  const parts = sealed.split(".");
  if (parts[0] === "v2" && parts.length === 5) return parts[1]!;
  if (parts[0] === "v1" && parts.length === 4) return "v1";
  return null;
}

export function sealWith(ring: Keyring, plain: string): string {
  const { id, key } = ring.current;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(`v2.${id}`));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v2", id, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function openWith(keys: OpeningKeys, sealed: string): string {
  const parts = sealed.split(".");
  // An empty secret (a public API client, as OrderCloud's password grant uses) seals to an empty body.
  if (parts[0] === "v2" && parts.length === 5) {
    const [, id, iv, tag, body] = parts as [string, string, string, string, string];
    const entry = keys.ring.keys.find((k) => k.id === id);
    if (!entry) {
      throw new SealedValueError(
        `A stored secret is sealed under key id ${id}, which is not in the keyring (PORTAL_ENCRYPTION_KEY or the key file); add key ${id} back to open it`,
      );
    }
    return decrypt(entry.key, iv, tag, body, Buffer.from(`v2.${id}`), id);
  }
  if (parts[0] === "v1" && parts.length === 4) {
    const [, iv, tag, body] = parts as [string, string, string, string];
    if (!keys.legacy) throw new SealedValueError("A stored secret is sealed the old way (v1), under the session secret, and NEXTAUTH_SECRET is not set");
    return decrypt(keys.legacy, iv, tag, body, null, "v1 (the session secret)");
  }
  throw new SealedValueError("Unrecognised sealed secret");
}

function decrypt(key: Buffer, iv: string, tag: string, body: string, aad: Buffer | null, keyName: string): string {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    if (aad) decipher.setAAD(aad);
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SealedValueError(`A stored secret failed its integrity check under key ${keyName}: it was changed, or sealed under a different key`);
  }
}

// Read once per process: the keyring changes only with a restart (the rotation says so).
const globalForKeys = globalThis as unknown as { __portalOpeningKeys?: OpeningKeys };

/** The portal's keyring: PORTAL_ENCRYPTION_KEY, or outside production the key file (made on first use). */
export function portalKeys(): OpeningKeys {
  if (!globalForKeys.__portalOpeningKeys) {
    const setting = keyringSettingFromEnv();
    const ring = setting.kind === "environment" ? parseKeyring(setting.keyring) : ensureKeyFile(setting.file);
    globalForKeys.__portalOpeningKeys = { ring, legacy: legacyKeyFrom(env.NEXTAUTH_SECRET) };
  }
  return globalForKeys.__portalOpeningKeys;
}

export function sealSecret(plain: string): string {
  return sealWith(portalKeys().ring, plain);
}

export function openSecret(sealed: string): string {
  return openWith(portalKeys(), sealed);
}
