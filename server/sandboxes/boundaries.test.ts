/**
 * Who may import a sandbox, and what a sandbox may import. The portal never
 * talks to a sandbox except over HTTP, like any supplier; and a sandbox shares
 * no code with the connectors but the supplier's wire shapes and Yodify's
 * documented price rules, so a connector bug cannot be mirrored by the server
 * it is tested against.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const sandboxes = path.join(root, "server", "sandboxes");

/** What a sandbox may take from the rest of server/ (without extension, from the repository root). */
const ALLOWED_FOR_SANDBOXES = [
  "server/suppliers/hygrade/wire",
  "server/suppliers/yodify/wire",
  "server/suppliers/yodify/pricing",
  "server/suppliers/yodify/pricing-map",
  "server/domain/money",
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name.startsWith(".") ? [] : sourceFiles(full);
    return /\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** Every module a file imports that lives in this repository, as a root-relative path without extension. */
function localImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [
    ...text.matchAll(/(?:^|\s)(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|^import\s+["']([^"']+)["']/gm),
  ].map((m) => m[1] ?? m[2] ?? m[3] ?? "");
  return specifiers.flatMap((specifier) => {
    const resolved = specifier.startsWith("@/")
      ? path.join(root, specifier.slice(2))
      : specifier.startsWith(".")
        ? path.resolve(path.dirname(file), specifier)
        : null;
    return resolved
      ? [
          path
            .relative(root, resolved)
            .replace(/\\/g, "/")
            .replace(/\.(ts|tsx|mts|js)$/, ""),
        ]
      : [];
  });
}

const isTest = (file: string) => /\.test\.tsx?$/.test(file);
const relative = (file: string) => path.relative(root, file).replace(/\\/g, "/");

describe("sandbox boundaries", () => {
  it("the portal (app/, db/, server/ outside the sandboxes and the test harness, proxy, instrumentation) imports no sandbox", () => {
    const portal = [
      ...["app", "db", "server"].flatMap((dir) => sourceFiles(path.join(root, dir))),
      ...["proxy.ts", "instrumentation.ts"].map((f) => path.join(root, f)),
    ].filter((file) => !isTest(file) && !file.startsWith(sandboxes + path.sep) && !relative(file).startsWith("server/testing/"));
    expect(portal.length).toBeGreaterThan(50);
    const offending = portal.flatMap((file) =>
      localImports(file)
        .filter((m) => m.startsWith("server/sandboxes/"))
        .map((m) => `${relative(file)} -> ${m}`),
    );
    expect(offending).toEqual([]);
  });

  it("a sandbox imports only other sandbox code, the suppliers' wire shapes, Yodify's price rules and money", () => {
    const files = sourceFiles(sandboxes).filter((file) => !isTest(file));
    expect(files.length).toBeGreaterThan(10);
    const offending = files.flatMap((file) =>
      localImports(file)
        .filter((m) => !m.startsWith("server/sandboxes/") && !ALLOWED_FOR_SANDBOXES.includes(m))
        .map((m) => `${relative(file)} -> ${m}`),
    );
    expect(offending).toEqual([]);
  });
});
