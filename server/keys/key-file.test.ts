import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_KEY_FILE, ensureKeyFile, readKeyFile } from "./key-file";

const folder = mkdtempSync(path.join(tmpdir(), "key-file-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("the embedded default's key file", () => {
  it("lives apart from the database folder and the session secret (.data/)", () => {
    expect(DEFAULT_KEY_FILE.split("/")[0]).toBe(".keys");
  });

  it("is made on first use, readable by its owner only, and read back the same afterwards", () => {
    const file = path.join(folder, "nested", "keys");
    expect(readKeyFile(file)).toBeNull();
    const ring = ensureKeyFile(file);
    expect(ring.keys).toHaveLength(1);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o077).toBe(0);
    expect(ensureKeyFile(file).current.key.equals(ring.current.key)).toBe(true);
    expect(readFileSync(file, "utf8")).toMatch(new RegExp(`^${ring.current.id}:`));
  });
});
