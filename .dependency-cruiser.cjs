/**
 * Which folder may import which: the layering of README's "Layout", checked by `npm run lint`. A rule here is the
 * design; when a change does not fit, move the code rather than the rule.
 */
const tests = "(\\.test\\.ts$|^server/testing/|^e2e/|^bench/)";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "common-is-shared-words-only",
      comment: "common/ holds the vocabulary every layer shares; it imports nothing, so anything may import it.",
      severity: "error",
      from: { path: "^common/" },
      to: { pathNot: "^common/" },
    },
    {
      name: "db-imports-nothing-from-server",
      comment: "The schema, migrations and client sit below everything; the portal's rules live in server/.",
      severity: "error",
      from: { path: "^db/" },
      to: { path: "^(server|app|scripts|bench|e2e)/" },
    },
    {
      name: "domain-is-pure",
      comment: "server/domain is pure logic: no database, no supplier, no framework, no I/O.",
      severity: "error",
      from: { path: "^server/domain/", pathNot: tests },
      to: { pathNot: "^(server/domain/|common/)" },
    },
    {
      name: "suppliers-know-neither-database-nor-trpc",
      comment: "A connector speaks its supplier's API and the portal's supplier types; loading a connection row belongs to the use cases.",
      severity: "error",
      from: { path: "^server/suppliers/", pathNot: tests },
      to: { path: "^(db/|app/|server/(?!suppliers/|domain/))|node_modules/(drizzle-orm|@trpc|pg|next|react)/" },
    },
    {
      name: "hypatos-knows-neither-database-nor-trpc",
      comment: "The Hypatos client speaks Hypatos' API over the shared supplier HTTP machinery; loading its connection belongs to the use cases.",
      severity: "error",
      from: { path: "^server/hypatos/", pathNot: tests },
      to: { path: "^(db/|app/|server/(?!hypatos/|suppliers/http/|suppliers/errors|domain/))|node_modules/(drizzle-orm|@trpc|pg|next|react)/" },
    },
    {
      name: "sandboxes-are-not-part-of-the-portal",
      comment: "Sandboxes are started by the demo and the tests; the portal never imports one.",
      severity: "error",
      from: { path: "^(app|db|server)/", pathNot: `^server/sandboxes/|${tests}` },
      to: { path: "^server/sandboxes/" },
    },
    {
      name: "sandboxes-speak-only-the-documented-api",
      comment: "A sandbox may share the documented wire shapes and Yodify's documented price rules, nothing of the portal.",
      severity: "error",
      from: { path: "^server/sandboxes/", pathNot: tests },
      to: { path: "^(db|app)/|^server/(?!sandboxes/|domain/money\\.ts|suppliers/[^/]+/wire\\.ts|suppliers/yodify/pricing(-map)?\\.ts)" },
    },
    {
      name: "use-cases-know-no-trpc",
      comment: "Use cases throw AppError and take { db, user, companyId }; tRPC is the transport, mapped in server/trpc alone.",
      severity: "error",
      from: { path: "^server/", pathNot: `^server/(trpc|routers)/|${tests}` },
      to: { path: "^server/(trpc|routers)/|node_modules/@trpc/" },
    },
    {
      name: "routers-are-thin",
      comment: "Routers validate, authorise, call one use case and shape the answer: no SQL, no supplier, no lifecycle writes.",
      severity: "error",
      from: { path: "^server/routers/", pathNot: tests },
      to: { path: "^db/|^server/(suppliers|sandboxes|connections|jobs)/|node_modules/(drizzle-orm|pg)/" },
    },
    {
      name: "no-router-imports-another-router",
      comment: "A router folder uses its own schema and handler, and the shared input fields; never another area's.",
      severity: "error",
      from: { path: "^server/routers/([^/]+)/" },
      to: { path: "^server/routers/", pathNot: "^server/routers/($1/|fields\\.ts$)" },
    },
    {
      name: "pages-call-the-api",
      comment: "Pages and components reach the server through tRPC (and pure domain helpers for display); never SQL or a supplier.",
      severity: "error",
      from: { path: "^app/", pathNot: "^app/(api|scim)/" },
      to: { path: "^db/|^server/(?!trpc/(server|root)\\.ts$|domain/|auth\\.ts$)" },
    },
    {
      name: "api-routes-are-edges",
      comment: "Route handlers turn HTTP into a tRPC call; only the test hooks reach further (test companies, the test clock).",
      severity: "error",
      from: { path: "^app/api/", pathNot: "^app/api/test-hooks/" },
      to: { path: "^db/|^server/(?!trpc/|domain/|auth\\.ts$)" },
    },
    {
      name: "scim-routes-are-edges",
      comment: "The SCIM route hands every request to server/scim's edge, which authenticates, reads and shapes; it reaches nothing else.",
      severity: "error",
      from: { path: "^app/scim/" },
      to: { path: "^db/|^server/(?!scim/portal\\.ts$|domain/)" },
    },
    {
      name: "no-circular",
      comment: "Modules that need each other at run time; a cycle through type imports only is harmless and allowed.",
      severity: "error",
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(\\.next|\\.data|node_modules|test-results|playwright-report)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs"],
    },
  },
};
