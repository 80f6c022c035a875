/**
 * Orderspace's catalog mirrored like the other suppliers': every variant of its 200 products is an item, the sync
 * resumes at the page after the last one saved when it stops half way, and a supplier that fails for a moment is
 * waited for rather than the run lost.
 */
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogItems, catalogSyncRuns } from "@/db/schema";
import { sandboxControl } from "@/server/sandboxes/shared/control-client";
import { startHarness, type Harness } from "@/server/testing/harness";
import { syncCatalog } from "./sync";

describe("the Orderspace catalog mirror", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it("mirrors every variant, resuming a stopped run at its saved page and riding out a failing page", async () => {
    const company = await h.createCompany({ withOrderspace: {} });
    const connectionId = company.orderspaceConnectionId!;
    const variants = h.orderspace.state.catalog.products.flatMap((p) => p.product_variants).length;

    const stopped = await syncCatalog(h.db, connectionId, { maxPages: 1 });
    expect(stopped).toMatchObject({ state: "running", pages: 1 });
    expect(stopped.itemsDone).toBeGreaterThan(0);
    expect(stopped.itemsDone).toBeLessThan(variants);
    // What the admin's page reads while it runs.
    const [running] = await h.db.select().from(catalogSyncRuns).where(eq(catalogSyncRuns.id, stopped.runId));
    expect(running).toMatchObject({ state: "running", itemsDone: stopped.itemsDone, pagesDone: 1 });

    await sandboxControl(h.orderspace, "/faults", { kind: "status5xx", count: 2, pathPrefix: "/v1/products" });
    // The run stopped in this process a moment ago: as if its heartbeat had long gone quiet, so this one takes it over.
    await h.db
      .update(catalogSyncRuns)
      .set({ heartbeatAt: new Date(0) })
      .where(eq(catalogSyncRuns.id, stopped.runId));
    const resumed = await syncCatalog(h.db, connectionId, { pageRetryDelayMs: 50 });
    expect(resumed).toMatchObject({ runId: stopped.runId, state: "done", resumed: true, itemsDone: variants });
    const mirrored = await h.db
      .select()
      .from(catalogItems)
      .where(and(eq(catalogItems.connectionId, connectionId), isNull(catalogItems.delistedAt)));
    expect(mirrored).toHaveLength(variants);
    expect(mirrored.every((i) => /^pv_/.test(i.supplierItemId) && i.currency === "USD" && i.priceFromMinor > 0)).toBe(true);
  });
});
