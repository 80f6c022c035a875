/**
 * What `npm start` fills in when a setting is not given, shared with the commands that must find the same values
 * (npm run keys:rotate): the session secret in .data/, the keyring in its own key file.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DEFAULT_KEY_FILE, ensureKeyFile } from "../server/keys/key-file";
import type { Keyring } from "../server/keys/keyring";

export const DATA_DIR = ".data";
const SESSION_SECRET_FILE = path.join(DATA_DIR, "portal-secret");

/** NEXTAUTH_SECRET, else the one kept in .data/ (made on first start when `create`). */
export function sessionSecret(options: { create: boolean }): string | undefined {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const file = path.resolve(SESSION_SECRET_FILE);
  if (!existsSync(file)) {
    if (!options.create) return undefined;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

export function keyFilePath(): string {
  return process.env.PORTAL_KEY_FILE || DEFAULT_KEY_FILE;
}

/** The key file's keyring, made on first start: `npm start` hands it to the portal when PORTAL_ENCRYPTION_KEY is unset. */
export function embeddedKeyring(): Keyring {
  return ensureKeyFile(keyFilePath());
}
