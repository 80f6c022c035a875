import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-path";

describe("safeReturnPath", () => {
  it("keeps a path of the portal with its query", () => {
    expect(safeReturnPath("/requisitions/123?tab=history")).toBe("/requisitions/123?tab=history");
    expect(safeReturnPath("/approvals")).toBe("/approvals");
  });

  it.each([
    ["https://evil.example/", "an absolute address"],
    ["//evil.example/path", "a protocol-relative address"],
    ["/\\evil.example", "a backslash a browser reads as a slash"],
    ["\\\\evil.example", "two backslashes"],
    ["/.//evil.example", "a dot segment that leaves //host after parsing"],
    ["/%2e//evil.example", "an encoded dot segment"],
    ["/\t/evil.example", "a tab browsers strip"],
    ["/\n/evil.example", "a newline"],
    ["javascript:alert(1)", "a script address"],
    ["evil.example", "no leading slash"],
    ["/login?callbackUrl=/x", "the sign-in page itself"],
    ["", "nothing"],
  ])("sends %j (%s) home instead", (value) => {
    const path = safeReturnPath(value);
    expect(path).toBe("/");
  });

  it("refuses whatever is not a string, and absurd lengths", () => {
    expect(safeReturnPath(undefined)).toBe("/");
    expect(safeReturnPath(["/a"])).toBe("/");
    expect(safeReturnPath(`/${"a".repeat(3000)}`)).toBe("/");
  });

  it("never answers anything a browser would read as another host", () => {
    for (const prefix of ["/", "//", "/\\", "/./", "/../", "/%2f", "/%5c", "/;/", "/@"]) {
      for (const host of ["evil.example", "/evil.example", "\\evil.example"]) {
        const path = safeReturnPath(`${prefix}${host}`);
        expect(path.startsWith("/")).toBe(true);
        expect(path.startsWith("//")).toBe(false);
        expect(new URL(path, "https://portal.example").origin).toBe("https://portal.example");
      }
    }
  });
});
