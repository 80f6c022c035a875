import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { formatKeyring, generateKey, parseKeyring, type Keyring } from "@/server/keys/keyring";

/** The embedded default's keyring file (DEFAULT_KEY_FILE): readable by its owner only. */
export { DEFAULT_KEY_FILE } from "@/server/keys/keyring";

export function readKeyFile(file: string): Keyring | null {
  const resolved = path.resolve(/*turbopackIgnore: true*/ file);
  if (!existsSync(resolved)) return null;
  try {
    return parseKeyring(readFileSync(resolved, "utf8"));
  } catch (error) {
    throw new Error(`The key file ${file} cannot be read as a keyring: ${(error as Error).message}`, { cause: error });
  }
}

/** The key file's keyring, made (one fresh key) on first use; two processes starting at once still agree on one. */
export function ensureKeyFile(file: string): Keyring {
  const existing = readKeyFile(file);
  if (existing) return existing;
  const resolved = path.resolve(/*turbopackIgnore: true*/ file);
  mkdirSync(path.dirname(resolved), { recursive: true, mode: 0o700 });
  try {
    const fd = openSync(resolved, "wx", 0o600);
    try {
      writeSync(fd, `${formatKeyring([generateKey()])}\n`);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return readKeyFile(file)!;
}

/** Replaces the key file in one step (a crash leaves the old ring or the new one, never half of one). */
export function writeKeyFile(file: string, ring: Keyring): void {
  const resolved = path.resolve(/*turbopackIgnore: true*/ file);
  mkdirSync(path.dirname(resolved), { recursive: true, mode: 0o700 });
  const next = `${resolved}.next`;
  writeFileSync(next, `${formatKeyring(ring)}\n`, { mode: 0o600 });
  chmodSync(next, 0o600);
  renameSync(next, resolved);
}
