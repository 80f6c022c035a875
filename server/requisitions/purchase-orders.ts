/**
 * Ordering from a supplier whose API takes no orders (Orderspace): the portal issues a purchase order document for
 * the approved supplier order, emails it to the connection's order address (through the outbox: sent once, retried on
 * failure), and then looks for the order the supplier's staff enter with that PO number, by webhook or by polling
 * within the supplier's rate limit. Once found, the order is linked and compared with what was approved; a difference
 * is told to the requester and the approvers (lifecycle.enteredOrderLinked). Nothing here sends twice: the lifecycle's
 * transitions move only from the state they expect, and the email's sent time is kept.
 */
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { purchaseOrders, requisitionLines, supplierConnections, supplierOrders } from "@/db/schema";
import { connectorForRow, type SupplierConnectionRow } from "@/server/connections/connections";
import { money } from "@/server/domain/money";
import { orderDifferences } from "@/server/domain/purchase-order-match";
import type { EmailOutcome, Mailer } from "@/server/notifications/email";
import { portalMailer } from "@/server/notifications/email";
import { hasEnteredOrders, isSupplierError, type SupplierConnector, type SupplierOrder } from "@/server/suppliers";
import { inLifecycle, type SupplierOrderRow } from "./lifecycle";
import type { PlaceOutcome } from "./place-supplier-order";
import { loadPurchaseOrder, purchaseOrderFilename, renderPurchaseOrderPdf } from "./purchase-order-document";

/**
 * The approved supplier order becomes a purchase order: the payment terms are asked of the supplier first (they go
 * on the document), so a supplier that is down leaves the order queued for another try rather than a document
 * without them.
 */
export async function issuePurchaseOrder(
  db: Database,
  row: { order: SupplierOrderRow; connection: SupplierConnectionRow; poNumber: string },
  connector: SupplierConnector,
): Promise<PlaceOutcome> {
  const supplier = row.connection.displayName;
  if (!hasEnteredOrders(connector)) {
    const message = `${supplier} takes no orders through its API, and the portal cannot find orders entered there.`;
    await inLifecycle(db, (lifecycle) => lifecycle.refused(row.order, supplier, { message, field: null }));
    return { kind: "refused", message };
  }
  let paymentTerms: string | null;
  try {
    paymentTerms = (await connector.getAccount()).billingTerms;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isSupplierError(error) && !error.retryable) paymentTerms = null;
    else return { kind: "retry", message, retryAfterMs: isSupplierError(error) ? error.details.retryAfterMs : undefined };
  }
  const issued = await inLifecycle(db, (lifecycle) =>
    lifecycle.purchaseOrderIssued(row.order, supplier, { poNumber: row.poNumber, paymentTerms, emailTo: row.connection.orderEmail?.trim() || null }),
  );
  return issued ? { kind: "placed" } : { kind: "skipped" };
}

/** The outbox's email of one purchase order to the supplier's order address, with the PDF attached; at most once. */
export async function emailPurchaseOrder(db: Database, purchaseOrderId: string, mailer: Mailer = portalMailer()): Promise<EmailOutcome> {
  const [row] = await db.select().from(purchaseOrders).where(eq(purchaseOrders.id, purchaseOrderId));
  // emailedAt set: an earlier attempt sent it and stopped before the outbox row was closed.
  if (!row || row.emailedAt || !row.emailTo || !mailer.transport) return { kind: "skipped" };
  const facts = await loadPurchaseOrder(db, row.companyId, row.supplierOrderId);
  const pdf = await renderPurchaseOrderPdf(facts);
  try {
    await mailer.transport.sendMail({
      from: mailer.from,
      to: row.emailTo,
      subject: `Purchase order ${facts.poNumber} from ${facts.buyer.company}`,
      text:
        `Please find attached purchase order ${facts.poNumber} (our requisition REQ-${facts.requisitionNumber}).\n\n` +
        `Enter it for customer account ${facts.supplierAccount} with customer PO number ${facts.poNumber}, so our portal can match it.\n\n` +
        `${facts.buyer.company}\n`,
      attachments: [{ filename: purchaseOrderFilename(facts), content: Buffer.from(pdf), contentType: "application/pdf" }],
      // One id per purchase order, so a repeat after a lost answer folds into the first copy.
      messageId: `<purchase-order-${row.id}@${new URL(mailer.portalUrl).hostname}>`,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const { code, responseCode } = error as { code?: string; responseCode?: number };
    if (code === "EENVELOPE" && typeof responseCode === "number" && responseCode >= 500) return { kind: "refused", message };
    return { kind: "retry", message };
  }
  await db.update(purchaseOrders).set({ emailedAt: new Date() }).where(eq(purchaseOrders.id, purchaseOrderId));
  return { kind: "sent" };
}

const samePo = (a: string | null | undefined, b: string) => (a ?? "").trim().toUpperCase() === b.trim().toUpperCase();

/**
 * Looks, for each connection with purchase orders still waiting, for the orders its supplier has entered since the
 * oldest of them was issued (one paged list per connection, not one request per order), and links each waiting
 * supplier order to the entered order with its PO number. Of two waiting orders with the same PO number the older is
 * linked first; an entered order already linked to one is never linked to another. Answers how many were linked.
 */
export async function matchEnteredOrders(db: Database, connectionIds?: string[]): Promise<number> {
  const waiting = await db
    .select({ order: supplierOrders, po: purchaseOrders, connection: supplierConnections })
    .from(purchaseOrders)
    .innerJoin(supplierOrders, eq(supplierOrders.id, purchaseOrders.supplierOrderId))
    .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
    .where(
      and(
        isNull(purchaseOrders.linkedAt),
        eq(supplierOrders.state, "placed"),
        isNull(supplierOrders.supplierOrderRef),
        eq(supplierConnections.enabled, true),
        connectionIds ? inArray(supplierOrders.supplierConnectionId, connectionIds) : undefined,
      ),
    )
    .orderBy(asc(purchaseOrders.issuedAt));
  const byConnection = new Map<string, typeof waiting>();
  for (const w of waiting) byConnection.set(w.connection.id, [...(byConnection.get(w.connection.id) ?? []), w]);
  let linked = 0;
  for (const rows of byConnection.values()) {
    const connection = rows[0]!.connection;
    const connector = connectorForRow(connection);
    if (!hasEnteredOrders(connector)) continue;
    let entered: SupplierOrder[];
    try {
      entered = await connector.findEnteredOrders(rows[0]!.po.issuedAt);
    } catch (error) {
      console.warn(`[purchase-orders] could not look for orders entered at ${connection.displayName}: ${error instanceof Error ? error.message : error}`);
      continue;
    }
    const taken = new Set(
      (
        await db
          .select({ ref: supplierOrders.supplierOrderRef })
          .from(supplierOrders)
          .where(
            and(
              eq(supplierOrders.supplierConnectionId, connection.id),
              inArray(
                supplierOrders.supplierOrderRef,
                entered.map((o) => o.supplierOrderId),
              ),
            ),
          )
      ).map((r) => r.ref),
    );
    // Oldest entered first, as the supplier's staff worked through them.
    const candidates = [...entered].reverse();
    for (const { order, po } of rows) {
      const match = candidates.find((o) => !taken.has(o.supplierOrderId) && samePo(o.poNumber, po.poNumber));
      if (!match) continue;
      taken.add(match.supplierOrderId);
      const lines = await db
        .select()
        .from(requisitionLines)
        .where(and(eq(requisitionLines.companyId, order.companyId), eq(requisitionLines.supplierOrderId, order.id), isNull(requisitionLines.rejectedReason)));
      const differences = orderDifferences(
        lines.map((l) => ({ itemCode: l.itemCode, name: l.name, quantity: l.quantity, unitPrice: money(l.unitPriceMinor, l.currency) })),
        match.lines.map((l) => ({ itemCode: l.itemCode, quantity: l.quantity, unitPrice: l.unitPrice })),
      );
      const done = await inLifecycle(db, (lifecycle) =>
        lifecycle.enteredOrderLinked(
          order,
          connection.displayName,
          {
            supplierOrderId: match.supplierOrderId,
            orderNumber: match.orderNumber ?? null,
            status: match.status,
            total: match.total,
            tax: match.tax,
            shipping: match.shipping,
          },
          differences,
        ),
      );
      if (done) linked++;
    }
  }
  return linked;
}

/** The invoices the supplier raised for a linked order, stored for matching. A supplier that is down leaves the stored ones. */
export async function refreshInvoices(db: Database, supplierOrderId: string): Promise<number> {
  const [row] = await db
    .select({ order: supplierOrders, connection: supplierConnections })
    .from(supplierOrders)
    .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
    .where(eq(supplierOrders.id, supplierOrderId));
  if (!row?.order.supplierOrderRef) return 0;
  const connector = connectorForRow(row.connection);
  if (!hasEnteredOrders(connector) || !connector.capabilities.invoices) return 0;
  const invoices = await connector.listInvoices(row.order.supplierOrderRef);
  for (const invoice of invoices) await inLifecycle(db, (lifecycle) => lifecycle.invoiceReported(row.order, row.connection.displayName, invoice));
  return invoices.length;
}
