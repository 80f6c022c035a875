/**
 * One token and one limiter per supplier connection for the whole portal process. Every request builds its own
 * connector, and Next loads the supplier modules once per bundle (API route, server components, the worker's
 * instrumentation); here a second copy of the modules is loaded with vi.resetModules, as a second bundle would.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startHygradeSandbox } from "@/server/sandboxes/hygrade/sandbox";
import type { SupplierConnectionSettings } from "@/server/suppliers";

type Sandbox = Awaited<ReturnType<typeof startHygradeSandbox>>;

describe("per-connection state shared by the whole process", () => {
  let sandbox: Sandbox;
  let settings: SupplierConnectionSettings;

  beforeAll(async () => {
    sandbox = await startHygradeSandbox({ port: 0, autoAdvanceMs: null });
    settings = { baseUrl: sandbox.baseUrl, tokenUrl: sandbox.tokenUrl, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, accountId: "ACME001" };
  });
  afterAll(async () => sandbox?.close());

  it("fetches one token for a connection, however many connectors and bundles ask", async () => {
    const firstBundle = await import("@/server/suppliers");
    for (let i = 0; i < 5; i++) await firstBundle.connectorFor("hygrade", settings).getAccount();
    vi.resetModules();
    const secondBundle = await import("@/server/suppliers");
    expect(secondBundle.connectorFor).not.toBe(firstBundle.connectorFor);
    await Promise.all([1, 2, 3].map(() => secondBundle.connectorFor("hygrade", settings).searchCatalog({ limit: 5 })));
    expect(sandbox.state.tokensIssued).toBe(1);
  });

  it("gives both bundles the same limiter for a connection, so together they stay under the supplier's rate", async () => {
    const first = await import("@/server/suppliers/http/rate-limits");
    vi.resetModules();
    const second = await import("@/server/suppliers/http/rate-limits");
    expect(second.connectionLimiter).not.toBe(first.connectionLimiter);
    const key = "hygrade\u0000shared-limiter-test";
    expect(second.connectionLimiter(key, second.HYGRADE_RATE_LIMIT_PROFILE)).toBe(first.connectionLimiter(key, first.HYGRADE_RATE_LIMIT_PROFILE));
  });
});
