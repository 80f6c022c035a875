/**
 * The layering in README's "Layout" is enforced by dependency-cruiser in `npm run lint`. These tests prove the rules
 * bite: each probe is a file that breaks one boundary the way a hurried change would, and the lint must name the rule
 * it breaks. The probes are written into the tree for the run (the rules are about paths) and removed afterwards.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");
const tag = `boundary-probe-${process.pid}`;

const probes = {
  "a page importing a connector": { file: `app/(portal)/${tag}.tsx`, imports: ["@/server/suppliers/hygrade/connector"], rule: "pages-call-the-api" },
  "a page reading the database": { file: `app/(portal)/${tag}-db.tsx`, imports: ["@/db/schema"], rule: "pages-call-the-api" },
  "the SCIM route reaching past its edge": { file: `app/scim/${tag}.ts`, imports: ["@/server/people/people"], rule: "scim-routes-are-edges" },
  "the domain importing the database": { file: `server/domain/${tag}.ts`, imports: ["@/db/schema"], rule: "domain-is-pure" },
  "db/ importing server/": { file: `db/${tag}.ts`, imports: ["@/server/env"], rule: "db-imports-nothing-from-server" },
  "a router writing tables itself": { file: `server/routers/cart/${tag}.ts`, imports: ["@/db/schema"], rule: "routers-are-thin" },
  "a router importing another area's schema": {
    file: `server/routers/cart/${tag}-other.ts`,
    imports: ["../checkout/checkout.schema"],
    rule: "no-router-imports-another-router",
  },
  "a connector reading the database": { file: `server/suppliers/${tag}.ts`, imports: ["@/db/client"], rule: "suppliers-know-neither-database-nor-trpc" },
  "a use case importing tRPC": { file: `server/cart/${tag}.ts`, imports: ["@/server/trpc/init"], rule: "use-cases-know-no-trpc" },
  "the portal importing a sandbox": {
    file: `server/cart/${tag}-sandbox.ts`,
    imports: ["@/server/sandboxes/hygrade/sandbox"],
    rule: "sandboxes-are-not-part-of-the-portal",
  },
  "a sandbox sharing a connector's code": {
    file: `server/sandboxes/hygrade/${tag}.ts`,
    imports: ["@/server/suppliers/hygrade/connector"],
    rule: "sandboxes-speak-only-the-documented-api",
  },
} as const;

type Violation = { from: string; to: string; rule: { name: string } };
type Module = { source: string; dependencies: { module: string; couldNotResolve: boolean }[] };
let violations: Violation[] = [];
let modules: Module[] = [];

beforeAll(() => {
  for (const probe of Object.values(probes)) {
    mkdirSync(path.dirname(path.join(root, probe.file)), { recursive: true });
    writeFileSync(
      path.join(root, probe.file),
      probe.imports.map((i, n) => `import * as probe${n} from "${i}";\nexport const used${n} = probe${n};\n`).join(""),
    );
  }
  const cli = path.join(root, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");
  let output: string;
  try {
    output = execFileSync(
      process.execPath,
      [cli, "--config", ".dependency-cruiser.cjs", "--output-type", "json", ...Object.values(probes).map((p) => p.file)],
      {
        cwd: root,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      },
    );
  } catch (error) {
    // The CLI exits non-zero when it finds violations, which is the point; its report is still on stdout.
    output = (error as { stdout: string }).stdout;
  }
  const report = JSON.parse(output) as { summary: { violations: Violation[] }; modules: Module[] };
  violations = report.summary.violations;
  modules = report.modules;
}, 60_000);

afterAll(() => {
  for (const probe of Object.values(probes)) rmSync(path.join(root, probe.file), { force: true });
});

describe("the lint refuses a change that crosses a layer", () => {
  for (const [what, probe] of Object.entries(probes)) {
    it(`${what} fails with ${probe.rule}`, () => {
      // A probe whose import no longer resolves would pass every rule; it must still reach a real module.
      const probed = modules.find((m) => m.source === probe.file);
      expect(probed?.dependencies.filter((d) => d.couldNotResolve).map((d) => d.module)).toEqual([]);
      expect(violations.filter((v) => v.from === probe.file).map((v) => v.rule.name)).toContain(probe.rule);
    });
  }
});
