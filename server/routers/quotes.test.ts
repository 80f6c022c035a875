import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { supplierOrders, supplierQuotes } from "@/db/schema";
import { syncCatalog } from "@/server/catalog/sync";
import { runDueOutboxWork } from "@/server/jobs/outbox";
import { refreshOpenQuotes } from "@/server/quotes/quoting";
import { connectorFor } from "@/server/suppliers";
import { sandboxControl } from "@/server/sandboxes/shared/control-client";
import type { YodifyConnector } from "@/server/suppliers/yodify/connector";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";

describe.each(databaseKinds)("supplier quotes on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  const yodify = (path: string, body: Record<string, unknown> = {}) => sandboxControl(h.yodify.url, path, body);

  beforeAll(async () => {
    h = await startHarness(kind);
    // Everything over $1 goes to an approver, so a quote's requisition waits for approval like any other.
    acme = await h.createCompany({ withYodify: true, approvalThreshold: 100 });
    await Promise.all([syncCatalog(h.db, acme.connectionId), syncCatalog(h.db, acme.yodifyConnectionId!)]);
  });
  afterAll(async () => h?.close());

  const buyer = () => acme.callerFor("buyer1@harness.example");
  const approver = () => acme.callerFor("approver1@harness.example");
  const otherBuyer = () => acme.callerFor("lead1@harness.example");

  async function cartWithBothSuppliers() {
    const hygradeItem = (await buyer().catalog.searchAll({ q: "FM-0014-LT" })).items[0]!;
    const yodifyItems = (await buyer().catalog.searchAll({ q: "tape", supplierIds: [acme.yodifyConnectionId!], inStockOnly: true })).items.slice(0, 2);
    await buyer().cart.add({ connectionId: hygradeItem.supplier.id, itemId: hygradeItem.supplierItemId, quantity: 2 });
    for (const item of yodifyItems) await buyer().cart.add({ connectionId: item.supplier.id, itemId: item.supplierItemId, quantity: 2 });
    return { hygradeItem, yodifyItems };
  }

  async function clearCart() {
    for (const group of (await buyer().cart.get()).groups) for (const line of group.lines) await buyer().cart.remove({ lineId: line.id });
  }

  it("asks Yodify to quote the cart's Yodify lines, checks the offer out at the quoted prices, and places it by accepting the quote once approved", async () => {
    const { yodifyItems } = await cartWithBothSuppliers();
    const asked = await buyer().quotes.request({ connectionId: acme.yodifyConnectionId!, note: "Volume order for the new site" });
    expect(asked.label).toMatch(/^QTE-/);
    // The quoted lines left the cart (so they cannot be ordered twice); Hygrade's stayed.
    const cart = await buyer().cart.get();
    expect(cart.groups.map((g) => g.supplierName)).toEqual(["Hygrade"]);

    const waiting = await buyer().quotes.get({ quoteId: asked.quoteId });
    expect(waiting).toMatchObject({ status: "requested", canCheckOut: false, canDecline: true, note: "Volume order for the new site" });
    expect(waiting.lines.map((l) => l.supplierItemId).sort()).toEqual(yodifyItems.map((i) => i.supplierItemId).sort());

    const [row] = await h.db.select().from(supplierQuotes).where(eq(supplierQuotes.id, asked.quoteId));
    await yodify(`/quotes/${row!.supplierQuoteRef}/advance`, { discountPercent: 20 });
    const offered = await buyer().quotes.get({ quoteId: asked.quoteId });
    expect(offered).toMatchObject({ status: "offered", canCheckOut: true });
    for (const line of offered.lines) expect(line.quotedUnitPrice!.amount).toBe(Math.round(line.listUnitPrice.amount * 0.8));
    expect(offered.quotedSubtotal!.amount).toBeLessThan(offered.listSubtotal.amount);
    expect(offered.checkout?.addresses.length).toBeGreaterThan(0);

    const addressId = offered.checkout!.addresses[0]!.id;
    const checkedOut = await buyer().quotes.checkout({ quoteId: asked.quoteId, costCenterId: acme.costCenters[0]!.id, addressId, poNumber: "PO-QUOTE-1" });
    expect(checkedOut.status).toBe("pending_approval");
    // One checkout per quote.
    expect(
      await rejection(buyer().quotes.checkout({ quoteId: asked.quoteId, costCenterId: acme.costCenters[0]!.id, addressId, poNumber: "PO-QUOTE-2" })),
    ).toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining(`already in REQ-${checkedOut.number}`),
    });
    const requisition = await buyer().requisitions.get({ requisitionId: checkedOut.requisitionId });
    expect(requisition.total.amount).toBe(offered.quotedSubtotal!.amount);

    await approver().approvals.approve({ requisitionId: checkedOut.requisitionId });
    expect(await runDueOutboxWork(h.db)).toMatchObject({ placed: 1 });
    const [order] = await h.db.select().from(supplierOrders).where(eq(supplierOrders.requisitionId, checkedOut.requisitionId));
    expect(order).toMatchObject({ state: "placed", supplierQuoteId: asked.quoteId });
    // Yodify has the order at the quoted prices, and the quote says so.
    const atYodify = await (connectorFor("yodify", h.yodifySettings) as YodifyConnector).getOrder(order!.supplierOrderRef!);
    expect(atYodify.subtotal.amount).toBe(offered.quotedSubtotal!.amount);
    const quote = await (connectorFor("yodify", h.yodifySettings) as YodifyConnector).getQuote(row!.supplierQuoteRef!);
    expect(quote).toMatchObject({ status: "ordered", orderId: order!.supplierOrderRef });
    expect((await buyer().quotes.list()).quotes.find((q) => q.id === asked.quoteId)).toMatchObject({ status: "ordered" });
    await clearCart();
  });

  it("declines a quote with the buyer's reason, then puts its lines back in the cart once", async () => {
    await cartWithBothSuppliers();
    const asked = await buyer().quotes.request({ connectionId: acme.yodifyConnectionId! });
    expect(await rejection(buyer().quotes.decline({ quoteId: asked.quoteId, reason: "no" }))).toMatchObject({ code: "BAD_REQUEST", field: "reason" });
    expect(await rejection(buyer().quotes.putBackInCart({ quoteId: asked.quoteId }))).toMatchObject({ code: "CONFLICT" });
    await buyer().quotes.decline({ quoteId: asked.quoteId, reason: "Found it cheaper locally" });
    const declined = await buyer().quotes.get({ quoteId: asked.quoteId });
    expect(declined).toMatchObject({ status: "declined", declineReason: "Found it cheaper locally", canCheckOut: false, canPutBackInCart: true });
    const [row] = await h.db.select().from(supplierQuotes).where(eq(supplierQuotes.id, asked.quoteId));
    expect((await (connectorFor("yodify", h.yodifySettings) as YodifyConnector).getQuote(row!.supplierQuoteRef!)).status).toBe("declined");

    const back = await buyer().quotes.putBackInCart({ quoteId: asked.quoteId });
    expect(back).toMatchObject({ added: 2, notAdded: [] });
    const cart = await buyer().cart.get();
    expect(cart.groups.find((g) => g.supplierName === "Yodify")!.lines.map((l) => l.quantity)).toEqual([2, 2]);
    expect(await rejection(buyer().quotes.putBackInCart({ quoteId: asked.quoteId }))).toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("already back"),
    });
    await clearCart();
  });

  it("keeps the cart whole when Yodify cannot be reached, and refuses an expired quote", async () => {
    await cartWithBothSuppliers();
    const before = await buyer().cart.get();
    await yodify("/faults", { kind: "status5xx", count: 1000 });
    try {
      expect(await rejection(buyer().quotes.request({ connectionId: acme.yodifyConnectionId! }))).toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    } finally {
      await yodify("/reset");
    }
    expect(await buyer().cart.get()).toEqual(before);
    expect((await buyer().quotes.list()).quotes.filter((q) => q.status === "requested")).toHaveLength(0);

    const asked = await buyer().quotes.request({ connectionId: acme.yodifyConnectionId! });
    const [row] = await h.db.select().from(supplierQuotes).where(eq(supplierQuotes.id, asked.quoteId));
    await yodify(`/quotes/${row!.supplierQuoteRef}/advance`, { discountPercent: 5, expiryDays: -1 });
    const expired = await buyer().quotes.get({ quoteId: asked.quoteId });
    expect(expired).toMatchObject({ status: "expired", canCheckOut: false, canPutBackInCart: true });
    expect(
      await rejection(buyer().quotes.checkout({ quoteId: asked.quoteId, costCenterId: acme.costCenters[0]!.id, addressId: "x", poNumber: "PO-LATE" })),
    ).toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("expired"),
    });
    await clearCart();
  });

  it("finds out in the background when Yodify sends a quote back, and tells the buyer once", async () => {
    await cartWithBothSuppliers();
    const asked = await buyer().quotes.request({ connectionId: acme.yodifyConnectionId! });
    const [row] = await h.db.select().from(supplierQuotes).where(eq(supplierQuotes.id, asked.quoteId));
    await yodify(`/quotes/${row!.supplierQuoteRef}/advance`, { discountPercent: 10 });
    // The worker's pass, twice over: nobody has the page open.
    expect(await refreshOpenQuotes(h.db, 0)).toBeGreaterThan(0);
    await refreshOpenQuotes(h.db, 0);
    const [stored] = await h.db.select().from(supplierQuotes).where(eq(supplierQuotes.id, asked.quoteId));
    expect(stored!.status).toBe("offered");
    const told = (await buyer().notifications.list({})).filter((n) => n.link === `/quotes/${asked.quoteId}`);
    expect(told).toHaveLength(1);
    expect(told[0]!.title).toBe(`Yodify sent ${asked.label} back`);
    expect(told[0]!.body).toMatch(/^Quoted \$[\d,.]+ against \$[\d,.]+ at list, valid until \d{4}-\d{2}-\d{2}/);
    await buyer().quotes.decline({ quoteId: asked.quoteId, reason: "Only checking the notice" });
    await clearCart();
  });

  it("shows a quote only within its company and not to other buyers, and lets only the asker act on it", async () => {
    await cartWithBothSuppliers();
    const asked = await buyer().quotes.request({ connectionId: acme.yodifyConnectionId! });
    expect(await rejection(otherBuyer().quotes.get({ quoteId: asked.quoteId }))).toMatchObject({ code: "NOT_FOUND" });
    expect((await otherBuyer().quotes.list()).quotes.map((q) => q.id)).not.toContain(asked.quoteId);
    expect(await rejection(otherBuyer().quotes.decline({ quoteId: asked.quoteId, reason: "Not mine to decline" }))).toMatchObject({ code: "NOT_FOUND" });
    const other = await h.createCompany({ withYodify: true });
    expect(await rejection(other.callerFor("buyer2@harness.example").quotes.get({ quoteId: asked.quoteId }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await rejection(h.anonymous().quotes.list())).toMatchObject({ code: "UNAUTHORIZED" });
    // Hygrade takes no quote requests through the portal: said plainly, nothing changes.
    expect(await rejection(buyer().quotes.request({ connectionId: acme.connectionId }))).toMatchObject({ code: "PRECONDITION_FAILED", field: "connectionId" });
    await clearCart();
  });
});
