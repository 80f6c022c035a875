import { describe, expect, it } from "vitest";
import { env, keyringSettingFromEnv } from "@/server/env";
import { formatKeyring, generateKey, keyringProblem, parseKeyring } from "@/server/keys/keyring";
import { sealTheOldWay } from "@/server/testing/sealed-values";
import { keyIdOf, legacyKeyFrom, openSecret, openWith, sealSecret, sealWith } from "./secrets";

const ringOf = (...keys: ReturnType<typeof generateKey>[]) => parseKeyring(formatKeyring(keys));

describe("sealed supplier secrets", () => {
  it("open to what was sealed, an empty secret (a public API client) included", () => {
    expect(openSecret(sealSecret("ordercloud-sandbox-secret"))).toBe("ordercloud-sandbox-secret");
    expect(openSecret(sealSecret(""))).toBe("");
  });

  it("name the key they are sealed under, and never carry the plain text", () => {
    const sealed = sealSecret("ordercloud-sandbox-secret");
    expect(sealed.startsWith("v2.vitest.")).toBe(true);
    expect(keyIdOf(sealed)).toBe("vitest");
    expect(sealed).not.toContain("ordercloud");
    // A fresh iv every time: the same secret never seals to the same text.
    expect(sealSecret("same")).not.toBe(sealSecret("same"));
  });

  it("refuse a value that was never sealed", () => {
    expect(() => openSecret("plain-text")).toThrow(/Unrecognised sealed secret/);
  });

  it("refuse a changed value, and a value relabelled with another key id even when both ids hold the same key", () => {
    const sealed = sealSecret("hygrade-secret");
    const parts = sealed.split(".");
    const body = Buffer.from(parts[4]!, "base64url");
    body[0] = body[0]! ^ 1;
    expect(() => openSecret([...parts.slice(0, 4), body.toString("base64url")].join("."))).toThrow(/failed its integrity check/);

    const a = generateKey();
    const twin = { id: "twin", key: a.key };
    const ring = ringOf(a, twin);
    const relabelled = sealWith(ring, "hygrade-secret").replace(`v2.${a.id}.`, "v2.twin.");
    expect(() => openWith({ ring, legacy: null }, relabelled)).toThrow(/failed its integrity check under key twin/);
  });

  it("say which key id is missing when a value's key is not in the ring", () => {
    const a = generateKey();
    const b = generateKey();
    const sealed = sealWith(ringOf(a), "yodify-secret");
    expect(() => openWith({ ring: ringOf(b), legacy: null }, sealed)).toThrow(new RegExp(`key id ${a.id}, which is not in the keyring`));
    // Kept for reading behind a newer current key, it still opens.
    expect(openWith({ ring: ringOf(b, a), legacy: null }, sealed)).toBe("yodify-secret");
  });

  it("still open a value sealed before the keyring (v1, under the session secret)", () => {
    const old = sealTheOldWay("orderspace-webhook-secret", env.NEXTAUTH_SECRET!);
    expect(keyIdOf(old)).toBe("v1");
    expect(openSecret(old)).toBe("orderspace-webhook-secret");
    expect(() => openWith({ ring: ringOf(generateKey()), legacy: legacyKeyFrom("another-session-secret") }, old)).toThrow(/integrity check under key v1/);
    expect(() => openWith({ ring: ringOf(generateKey()), legacy: null }, old)).toThrow(/NEXTAUTH_SECRET is not set/);
  });
});

describe("the keyring as written in PORTAL_ENCRYPTION_KEY or the key file", () => {
  it("reads entries with ids, the first current, separated by commas or new lines", () => {
    const [a, b] = [generateKey(), generateKey()];
    const ring = parseKeyring(`${a.id}:${a.key.toString("base64")},\n${b.id}:${b.key.toString("base64url")}`);
    expect(ring.current.id).toBe(a.id);
    expect(ring.keys.map((k) => k.id)).toEqual([a.id, b.id]);
    expect(ring.keys[1]!.key.equals(b.key)).toBe(true);
  });

  it("says what is wrong without repeating a key", () => {
    const material = Buffer.alloc(32, 7).toString("base64");
    expect(keyringProblem(material)).toMatch(/entry 1 has no key id/);
    expect(keyringProblem(`a:${material.slice(0, 20)}`)).toMatch(/entry 1 \(key id a\): the key must be 32 bytes/);
    expect(keyringProblem(`a:${material},a:${material}`)).toMatch(/key id a appears twice/);
    expect(keyringProblem(`a.b:${material}`)).toMatch(/a key id is 1 to 40 letters/);
    expect(keyringProblem(" ")).toMatch(/holds no key/);
    for (const text of [material, `a:${material.slice(0, 20)}`, `a:${material},a:${material}`]) {
      expect(keyringProblem(text)).not.toContain(material.slice(0, 20));
    }
    expect(keyringProblem(`a:${material}`)).toBeNull();
  });

  it("is required in production; elsewhere an unset one means the key file", () => {
    expect(() => keyringSettingFromEnv({ NODE_ENV: "production", PORTAL_KEY_FILE: ".keys/k" })).toThrow(
      /PORTAL_ENCRYPTION_KEY is required when NODE_ENV=production/,
    );
    const value = formatKeyring([generateKey()]);
    expect(keyringSettingFromEnv({ NODE_ENV: "production", PORTAL_ENCRYPTION_KEY: value, PORTAL_KEY_FILE: ".keys/k" })).toEqual({
      kind: "environment",
      keyring: value,
    });
    expect(keyringSettingFromEnv({ NODE_ENV: "development", PORTAL_KEY_FILE: ".keys/k" })).toEqual({ kind: "file", file: ".keys/k" });
  });
});
