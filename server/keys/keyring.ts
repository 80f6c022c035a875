import { randomBytes } from "node:crypto";

/**
 * The keys supplier credentials (and every other sealed column) are sealed under. Written as
 * `<key id>:<32 bytes in base64>` entries separated by commas or new lines, the current key first: values are sealed
 * under the current key and opened under whichever key their id names, so a key can be replaced without a moment
 * where stored values cannot be read.
 */
export interface SealingKey {
  id: string;
  key: Buffer;
}

export interface Keyring {
  /** The first entry: new values are sealed under it. */
  current: SealingKey;
  keys: SealingKey[];
}

/**
 * The embedded default's keyring: a file of its own, apart from the database folder and the session secret (.data/),
 * so a copy of .data/ alone opens no sealed value.
 */
export const DEFAULT_KEY_FILE = ".keys/portal-encryption-keys";

const KEY_ID = /^[A-Za-z0-9_-]{1,40}$/;
const KEY_BYTES = 32;

export const KEYRING_FORMAT = "one or more `<key id>:<32 random bytes in base64>` entries, comma-separated, the current key first";

export class KeyringFormatError extends Error {}

/** Why a written keyring cannot be used, in words that never repeat a key; null when it is fine. */
export function keyringProblem(text: string): string | null {
  try {
    parseKeyring(text);
    return null;
  } catch (error) {
    if (error instanceof KeyringFormatError) return error.message;
    throw error;
  }
}

export function parseKeyring(text: string): Keyring {
  const entries = text
    .split(/[\s,]+/)
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new KeyringFormatError(`holds no key; write ${KEYRING_FORMAT}`);
  const keys: SealingKey[] = entries.map((entry, index) => {
    const at = `entry ${index + 1}`;
    const colon = entry.indexOf(":");
    if (colon < 0) throw new KeyringFormatError(`${at} has no key id; write ${KEYRING_FORMAT}`);
    const id = entry.slice(0, colon);
    if (!KEY_ID.test(id)) throw new KeyringFormatError(`${at}: a key id is 1 to 40 letters, digits, "-" or "_"`);
    const material = entry.slice(colon + 1);
    const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(material) ? Buffer.from(material, "base64") : Buffer.alloc(0);
    if (key.length !== KEY_BYTES) throw new KeyringFormatError(`${at} (key id ${id}): the key must be ${KEY_BYTES} bytes written in base64 (44 characters)`);
    return { id, key };
  });
  const ids = new Set<string>();
  for (const { id } of keys) {
    if (ids.has(id)) throw new KeyringFormatError(`key id ${id} appears twice`);
    ids.add(id);
  }
  return { current: keys[0]!, keys };
}

export function formatKeyring(ring: Keyring | SealingKey[]): string {
  const keys = Array.isArray(ring) ? ring : ring.keys;
  return keys.map((k) => `${k.id}:${k.key.toString("base64")}`).join(",");
}

/** A fresh key whose id says when it was made (so an operator can tell keys apart) and is unique anyway. */
export function generateKey(now: Date = new Date()): SealingKey {
  const day = now.toISOString().slice(0, 10).replaceAll("-", "");
  return { id: `k${day}-${randomBytes(3).toString("hex")}`, key: randomBytes(KEY_BYTES) };
}

/** The ring with `key` made current and every older key kept for reading. */
export function withCurrentKey(ring: Keyring, key: SealingKey): Keyring {
  if (ring.keys.some((k) => k.id === key.id)) throw new KeyringFormatError(`key id ${key.id} is already in the keyring`);
  const keys = [key, ...ring.keys];
  return { current: key, keys };
}

/** The ring without the keys no stored value names (the current key always stays). */
export function withoutUnusedKeys(ring: Keyring, used: ReadonlySet<string>): { ring: Keyring; retired: string[] } {
  const keys = ring.keys.filter((k) => k === ring.current || used.has(k.id));
  return { ring: { current: ring.current, keys }, retired: ring.keys.filter((k) => !keys.includes(k)).map((k) => k.id) };
}
