import { describe, expect, it } from "vitest";
import { openSecret, sealSecret } from "./secrets";

describe("sealed supplier secrets", () => {
  it("open to what was sealed, an empty secret (a public API client) included", () => {
    expect(openSecret(sealSecret("ordercloud-sandbox-secret"))).toBe("ordercloud-sandbox-secret");
    expect(openSecret(sealSecret(""))).toBe("");
  });

  it("refuse a value that was never sealed", () => {
    expect(() => openSecret("plain-text")).toThrow(/Unrecognised sealed secret/);
  });
});
