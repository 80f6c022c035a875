import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, costCenterSpend, notifications, supplierIntents, supplierOrders, supplierQuotes } from "@/db/schema";
import { syncCatalog } from "@/server/catalog/sync";
import { runDueOutboxWork } from "@/server/jobs/outbox";
import { settleSupplierIntents } from "@/server/jobs/supplier-intents";
import { sandboxControl } from "@/server/sandboxes/shared/control-client";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";

/** Later than any request holds its intent: the worker's pass as it runs a few minutes on. */
const later = () => new Date(Date.now() + 10 * 60_000);

describe.each(databaseKinds)("changes asked of a supplier, recorded as intents, on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let itemId: string;

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany({ withYodify: true });
    await syncCatalog(h.db, acme.yodifyConnectionId!);
    itemId = (await buyer().catalog.search({ connectionId: acme.connectionId, q: "FM-0014-LT" })).items[0]!.supplierItemId;
  });
  afterAll(async () => h?.close());

  const buyer = () => acme.callerFor("buyer1@harness.example");
  const hygradePath = () => new URL(h.sandbox.baseUrl).pathname;
  const yodifyPath = () => new URL(h.yodify.baseUrl).pathname;

  /** A Hygrade order under its approval threshold, placed by the worker. */
  async function placedOrder() {
    await buyer().cart.add({ connectionId: acme.connectionId, itemId, quantity: 2 });
    const submitted = await buyer().checkout.submit({
      costCenterId: acme.costCenters.find((c) => c.code === "CC-4420")!.id,
      poNumber: "PO-INTENT",
      shipTo: [{ connectionId: acme.connectionId, addressId: "addr_1c9d2f3b" }],
    });
    await runDueOutboxWork(h.db);
    const [order] = await h.db.select().from(supplierOrders).where(eq(supplierOrders.requisitionId, submitted.requisitionId));
    expect(order).toMatchObject({ state: "placed", supplierStatus: "approved" });
    return order!;
  }
  const portalOrder = async (id: string) => (await h.db.select().from(supplierOrders).where(eq(supplierOrders.id, id)))[0]!;
  const spendOf = async (orderId: string) => (await h.db.select().from(costCenterSpend).where(eq(costCenterSpend.supplierOrderId, orderId)))[0]!.state;
  const intentsOn = (subjectId: string) => h.db.select().from(supplierIntents).where(eq(supplierIntents.subjectId, subjectId));
  const hygradeStatus = (ref: string) => h.sandbox.state.orders.get(ref)?.order.status;
  const cancelsAtHygrade = (ref: string) =>
    h.sandbox.state.core.requestLog.filter((r) => r.method === "POST" && r.path === `${hygradePath()}/orders/${ref}/cancel`);
  const noticesOf = async (title: RegExp) =>
    (await h.db.select().from(notifications).where(eq(notifications.kind, "supplier_change.settled"))).filter((n) => title.test(n.title + " " + n.body));
  const auditsOf = async (subjectId: string, action: string) =>
    h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, subjectId), eq(auditLog.action, action)));

  /** The database refuses the portal's own write, as a full disk or a lost connection would, while the supplier is up. */
  async function refuseWrites(table: "supplier_orders" | "supplier_quotes", when: string) {
    await h.db.execute(
      sql.raw(`CREATE OR REPLACE FUNCTION refuse_intent_write() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF ${when} THEN RAISE EXCEPTION 'the portal cannot write (test)'; END IF; RETURN NEW; END $$`),
    );
    await h.db.execute(sql.raw(`CREATE TRIGGER refuse_intent_write BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_intent_write()`));
    return async () => {
      await h.db.execute(sql.raw(`DROP TRIGGER refuse_intent_write ON ${table}`));
      await h.db.execute(sql.raw(`DROP FUNCTION refuse_intent_write()`));
    };
  }

  describe("cancelling a supplier order", () => {
    it("Hygrade cancelled but the portal could not record it: the person is told so, a second cancel is refused, and the worker finishes it", async () => {
      const order = await placedOrder();
      const ref = order.supplierOrderRef!;
      const allowWrites = await refuseWrites("supplier_orders", "NEW.supplier_status = 'cancelled'");
      let answer;
      try {
        answer = await buyer().requisitions.cancelSupplierOrder({ supplierOrderId: order.id, reason: "Bought locally" });
        expect(answer).toMatchObject({ outcome: "recording", supplierStatus: "cancelled" });
        expect(answer.message).toBe("Hygrade cancelled the order; the portal is still recording it and will finish within a minute.");
        expect(hygradeStatus(ref)).toBe("cancelled");
        // The portal has not caught up yet, and says it is working on it rather than that nothing changed.
        expect((await portalOrder(order.id)).supplierStatus).toBe("approved");
        expect(await spendOf(order.id)).toBe("committed");
        const [intent] = await intentsOn(order.id);
        expect(intent).toMatchObject({ status: "pending", kind: "supplier_order.cancel", supplierRef: ref, details: { reason: "Bought locally" } });
        expect(intent!.supplierActedAt).not.toBeNull();
        expect(intent!.lastError).toMatch(/cannot write/);

        const again = await rejection(buyer().requisitions.cancelSupplierOrder({ supplierOrderId: order.id, reason: "Twice" }));
        expect(again.code).toBe("CONFLICT");
        expect(again.message).toMatch(/^A cancel of this at Hygrade, asked by Buyer 1 at \d\d:\d\d UTC, is still being settled with Hygrade/);
      } finally {
        await allowWrites();
      }

      expect(await settleSupplierIntents(h.db, later())).toBe(1);
      expect((await portalOrder(order.id)).supplierStatus).toBe("cancelled");
      expect(await spendOf(order.id)).toBe("released");
      expect((await intentsOn(order.id)).map((i) => i.status)).toEqual(["done"]);
      // Hygrade was asked once; the worker read the order back instead of cancelling again.
      expect(cancelsAtHygrade(ref)).toHaveLength(1);
      expect(await auditsOf(order.id, "supplier_intent.recording")).toHaveLength(1);
      expect(await auditsOf(order.id, "supplier_order.cancelled")).toHaveLength(1);
      expect(await noticesOf(/Hygrade cancelled the order, and the portal has now recorded it/)).toHaveLength(1);
      // Nothing is left for the next pass.
      expect(await settleSupplierIntents(h.db, later())).toBe(0);
    });

    it("Hygrade's answer is lost after it cancelled: the person is told it did not answer, and the worker reads the order and records the cancel", async () => {
      const order = await placedOrder();
      const ref = order.supplierOrderRef!;
      const cancelPath = `${hygradePath()}/orders/${ref}/cancel`;
      // The first cancel is done and its answer cut off; every retry's connection is dropped.
      await sandboxControl(h.sandbox, "/faults", { kind: "truncate", count: 1, pathPrefix: cancelPath });
      await sandboxControl(h.sandbox, "/faults", { kind: "drop", count: 10, pathPrefix: cancelPath });
      const answer = await buyer().requisitions.cancelSupplierOrder({ supplierOrderId: order.id, reason: "Not needed" });
      await sandboxControl(h.sandbox, "/reset", {});
      expect(answer).toMatchObject({ outcome: "checking", supplierStatus: null });
      expect(answer.message).toBe("Hygrade did not answer; we will check whether it cancelled the order and tell you.");
      expect(hygradeStatus(ref)).toBe("cancelled");
      expect((await portalOrder(order.id)).supplierStatus).toBe("approved");
      expect((await intentsOn(order.id))[0]).toMatchObject({ status: "pending", supplierActedAt: null });
      expect(await rejection(buyer().requisitions.cancelSupplierOrder({ supplierOrderId: order.id, reason: "Twice" }))).toMatchObject({ code: "CONFLICT" });
      // The person's own request still holds it: the worker does not guess while a late answer may land.
      expect(await settleSupplierIntents(h.db)).toBe(0);

      expect(await settleSupplierIntents(h.db, later())).toBe(1);
      expect((await portalOrder(order.id)).supplierStatus).toBe("cancelled");
      expect(await spendOf(order.id)).toBe("released");
      expect((await intentsOn(order.id)).map((i) => i.status)).toEqual(["done"]);
      expect(await auditsOf(order.id, "supplier_intent.unanswered")).toHaveLength(1);
    });

    it("Hygrade never got the cancel: the worker finds the order still open, closes the intent and tells the person nothing changed", async () => {
      const order = await placedOrder();
      const ref = order.supplierOrderRef!;
      await sandboxControl(h.sandbox, "/faults", { kind: "drop", count: 10, pathPrefix: `${hygradePath()}/orders/${ref}/cancel` });
      const answer = await buyer().requisitions.cancelSupplierOrder({ supplierOrderId: order.id, reason: "Not needed" });
      await sandboxControl(h.sandbox, "/reset", {});
      expect(answer.outcome).toBe("checking");
      expect(hygradeStatus(ref)).toBe("approved");

      expect(await settleSupplierIntents(h.db, later())).toBe(1);
      expect((await intentsOn(order.id))[0]).toMatchObject({ status: "not_done", outcome: "Hygrade has not cancelled the order." });
      expect((await portalOrder(order.id)).supplierStatus).toBe("approved");
      expect(await spendOf(order.id)).toBe("committed");
      expect(await noticesOf(/We checked: Hygrade has not cancelled the order\. Nothing changed/)).toHaveLength(1);
      // Settled, so the person may ask again, and this time it goes through.
      const again = await buyer().requisitions.cancelSupplierOrder({ supplierOrderId: order.id, reason: "Not needed" });
      expect(again).toMatchObject({ outcome: "done", supplierStatus: "cancelled", message: "Hygrade cancelled the order." });
      expect(await spendOf(order.id)).toBe("released");
    });

    it("Hygrade refuses for certain: the intent fails with Hygrade's words and nothing changes", async () => {
      const order = await placedOrder();
      const ref = order.supplierOrderRef!;
      // Shipped at Hygrade before the portal's status refresh saw it.
      await sandboxControl(h.sandbox, `/orders/${ref}/advance`, { status: "shipped" });
      const refused = await rejection(buyer().requisitions.cancelSupplierOrder({ supplierOrderId: order.id, reason: "Too late" }));
      expect(refused.code).toBe("CONFLICT");
      expect(refused.message).toMatch(/^Hygrade: Order .* is shipped and can no longer be cancelled through the API\. Contact client services\.$/);
      const [intent] = await intentsOn(order.id);
      expect(intent).toMatchObject({ status: "failed", outcome: refused.message });
      expect((await portalOrder(order.id)).supplierStatus).toBe("approved");
      expect(await spendOf(order.id)).toBe("committed");
      expect(await auditsOf(order.id, "supplier_intent.refused")).toHaveLength(1);
      expect(await settleSupplierIntents(h.db, later())).toBe(0);
    });
  });

  describe("declining a Yodify quote", () => {
    async function offeredQuote() {
      const item = (await buyer().catalog.searchAll({ q: "tape", supplierIds: [acme.yodifyConnectionId!], inStockOnly: true })).items[0]!;
      await buyer().cart.add({ connectionId: item.supplier.id, itemId: item.supplierItemId, quantity: 2 });
      const asked = await buyer().quotes.request({ connectionId: acme.yodifyConnectionId! });
      const [row] = await h.db.select().from(supplierQuotes).where(eq(supplierQuotes.id, asked.quoteId));
      await sandboxControl(h.yodify.url, `/quotes/${row!.supplierQuoteRef}/advance`, { discountPercent: 10 });
      expect(await buyer().quotes.get({ quoteId: asked.quoteId })).toMatchObject({ status: "offered", canDecline: true });
      return { ...asked, ref: row!.supplierQuoteRef! };
    }
    const portalQuote = async (id: string) => (await h.db.select().from(supplierQuotes).where(eq(supplierQuotes.id, id)))[0]!;
    const yodifyQuoteStatus = (ref: string) => h.yodify.state.quotes.get(Number(ref))?.quote.quote_status;
    const declinesAtYodify = (ref: string) =>
      h.yodify.state.core.requestLog.filter((r) => r.method === "PUT" && r.path === `${yodifyPath()}/Quotes/decline/${ref}`);

    it("Yodify declined but the portal could not record it: told so, a second decline refused, finished by the worker", async () => {
      const quote = await offeredQuote();
      const allowWrites = await refuseWrites("supplier_quotes", "NEW.status = 'declined'");
      try {
        const answer = await buyer().quotes.decline({ quoteId: quote.quoteId, reason: "Found it cheaper" });
        expect(answer).toMatchObject({ outcome: "recording", declined: true });
        expect(answer.message).toBe(`Yodify declined ${quote.label}; the portal is still recording it and will finish within a minute.`);
        expect(yodifyQuoteStatus(quote.ref)).toBe("Declined");
        expect((await portalQuote(quote.quoteId)).status).toBe("offered");
        const again = await rejection(buyer().quotes.decline({ quoteId: quote.quoteId, reason: "Twice over" }));
        expect(again.code).toBe("CONFLICT");
        expect(again.message).toMatch(/^A decline of this at Yodify, asked by Buyer 1 at/);
      } finally {
        await allowWrites();
      }
      expect(await settleSupplierIntents(h.db, later())).toBe(1);
      expect(await portalQuote(quote.quoteId)).toMatchObject({ status: "declined", declineReason: "Found it cheaper" });
      expect(declinesAtYodify(quote.ref)).toHaveLength(1);
      expect(await auditsOf(quote.quoteId, "supplier_quote.declined")).toHaveLength(1);
      expect(await noticesOf(new RegExp(`Yodify declined ${quote.label}, and the portal has now recorded it`))).toHaveLength(1);
    });

    it("Yodify's answer is lost after it declined: the person is told it did not answer, and the worker reads the quote and records it", async () => {
      const quote = await offeredQuote();
      const declinePath = `${yodifyPath()}/Quotes/decline/${quote.ref}`;
      await sandboxControl(h.yodify.url, "/faults", { kind: "truncate", count: 1, pathPrefix: declinePath });
      await sandboxControl(h.yodify.url, "/faults", { kind: "drop", count: 10, pathPrefix: declinePath });
      const answer = await buyer().quotes.decline({ quoteId: quote.quoteId, reason: "Found it cheaper" });
      await sandboxControl(h.yodify.url, "/reset", {});
      expect(answer).toMatchObject({ outcome: "checking", declined: false });
      expect(answer.message).toBe(`Yodify did not answer; we will check whether it declined ${quote.label} and tell you.`);
      expect(yodifyQuoteStatus(quote.ref)).toBe("Declined");
      expect(await rejection(buyer().quotes.decline({ quoteId: quote.quoteId, reason: "Twice over" }))).toMatchObject({ code: "CONFLICT" });
      expect(await settleSupplierIntents(h.db, later())).toBe(1);
      expect(await portalQuote(quote.quoteId)).toMatchObject({ status: "declined", declineReason: "Found it cheaper" });
      expect((await intentsOn(quote.quoteId)).map((i) => i.status)).toEqual(["done"]);
    });

    it("Yodify refuses for certain: the intent fails with Yodify's words and the quote is unchanged", async () => {
      const quote = await offeredQuote();
      // The seller withdrew it at Yodify before the portal looked again.
      await sandboxControl(h.yodify.url, `/quotes/${quote.ref}/advance`, { status: "Cancelled" });
      const refused = await rejection(buyer().quotes.decline({ quoteId: quote.quoteId, reason: "Found it cheaper" }));
      expect(refused.code).toBe("CONFLICT");
      expect(refused.message).toMatch(/^Yodify: Yodify quote .* cannot change now: Quote .* is Cancelled; it cannot be moved to Declined\.$/);
      expect((await intentsOn(quote.quoteId))[0]).toMatchObject({ status: "failed", outcome: refused.message });
      expect(await portalQuote(quote.quoteId)).toMatchObject({ status: "offered", declineReason: null });
      expect(await auditsOf(quote.quoteId, "supplier_intent.refused")).toHaveLength(1);
    });
  });
});
