/**
 * The lifecycle of a requisition and of its supplier orders. Every change to either goes through a named transition
 * here and nothing else updates those tables. A transition checks the state it leaves (a conditional update, so of two
 * callers racing only one moves it), writes its audit row and its notifications in the same transaction, and the
 * worker is nudged once the transaction has committed when a transition queued work for a supplier.
 *
 * Requisition: submitted -> pending_approval | approved; pending_approval -> approved | rejected | returned | withdrawn;
 * rejected | returned -> (resubmitted as the next revision); approved -> cancelled when every supplier order ended
 * with at least one cancelled (statusFollowingOrders).
 * Supplier order: awaiting_approval -> queued | not_sent; queued -> placed | failed; placed carries the supplier's own
 * status (held for its approval, accepted, in production, shipped, delivered, cancelled). A supplier whose API takes no
 * order gets a purchase order instead: queued -> placed at "awaiting_entry" with no supplier reference, until the
 * order its staff entered is found and linked (enteredOrderLinked).
 */
import { currentRequestId } from "@/server/logging";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  approvalStepApprovers,
  approvalSteps,
  companies,
  outbox,
  purchaseOrders,
  requisitionLines,
  requisitions,
  supplierInvoices,
  supplierOrders,
  supplierShipments,
} from "@/db/schema";
import type { SupplierInvoice } from "@/server/suppliers/types";
import type { RequisitionStatus, SupplierOrderState } from "@/common/requisitions";
import { isEndedAtSupplier, type ShipToSnapshot } from "@/common/suppliers";
import type { Actor } from "@/server/actor";
import { skipOpenSteps, startChain } from "@/server/approvals/chain";
import { recordAudit } from "@/server/audit/audit-log";
import { formatMoney, money, type Money } from "@/server/domain/money";
import { statusFollowingOrders } from "@/server/domain/requisition-status";
import { clauses, sentence } from "@/server/domain/sentences";
import { kickWorker } from "@/server/jobs/nudge";
import { enqueueSupplierOrders } from "@/server/jobs/outbox-queue";
import { queuePurchaseOrderPush } from "@/server/accounts-payable/enrichment";
import { matchChanged } from "@/server/matching/matching";
import { markHandled, notify } from "@/server/notifications/notify";
import { commitSpend, resizeReservation, releaseSpend, reserveSpend } from "@/server/spend/ledger";
import { expectedTotal } from "@/server/domain/expected-total";
import { expectedOfStored } from "./expected-totals";
import type { RevisionDecision, RevisionInput } from "./revision";

export type RequisitionRow = typeof requisitions.$inferSelect;
export type SupplierOrderRow = typeof supplierOrders.$inferSelect;
export type RequisitionLineRow = typeof requisitionLines.$inferSelect;

/** What a requisition's changes on the way back to its requester are about, for the requester to read. */
export interface ReturnedChange {
  itemCode: string;
  supplierName: string;
  change: string;
}

/** A line whose supplier price moved within the tolerance before placing: today's price for its quantity. */
export interface RepricedLine {
  lineId: string;
  supplierOrderId: string;
  itemCode: string;
  was: Money;
  unitPrice: Money;
  lineTotal: Money;
}

/** A supplier's answer about a placed order, in the portal's words (the connector's SupplierOrder). */
export interface SupplierOrderAnswer {
  supplierOrderId: string;
  status: string;
  total: Money;
  tax?: Money | null;
  shipping?: Money | null;
  /** What the supplier says of where it stands: who must approve it while held, or why it declined it. */
  supplierNote?: string | null;
}

type Who = Pick<Actor, "id" | "name">;

/** A shipment as it will be stored (checked already: it ends up as a link on the page). */
export type ShipmentReport = Omit<typeof supplierShipments.$inferInsert, "id" | "companyId" | "supplierOrderId" | "createdAt" | "updatedAt"> & {
  supplierShipmentRef: string;
  status: string;
};

export const requisitionLabel = (r: { number: number }) => `REQ-${r.number}`;
const link = (requisitionId: string) => `/requisitions/${requisitionId}`;

/** Runs `work` in one transaction with the lifecycle's transitions; nudges the worker after commit if work was queued. */
export async function inLifecycle<T>(db: Database, work: (lifecycle: Lifecycle) => Promise<T>): Promise<T> {
  let queued = false;
  const result = await db.transaction((tx) => work(new Lifecycle(tx, () => (queued = true))));
  if (queued) kickWorker();
  return result;
}

/**
 * The lifecycle inside a transaction the caller holds and commits (a supplier intent's completion writes the portal's
 * side and marks the intent done together). The caller nudges the worker once it has committed.
 */
export async function inTransactionLifecycle<T>(tx: Database, work: (lifecycle: Lifecycle) => Promise<T>): Promise<T> {
  return work(new Lifecycle(tx, () => undefined));
}

export class Lifecycle {
  constructor(
    readonly tx: Database,
    private readonly queuedWork: () => void,
  ) {}

  // ---------------------------------------------------------------------------
  // Requisitions

  /** A new requisition (revision 1): numbered, its orders and lines written, its money reserved, its chain started. */
  async submitted(
    input: RevisionInput & { decision: RevisionDecision; poNumber: string; note: string | null; neededBy: string | null },
  ): Promise<RequisitionRow> {
    const { decision } = input;
    const [numbered] = await this.tx
      .update(companies)
      .set({ nextRequisitionNumber: sql`${companies.nextRequisitionNumber} + 1` })
      .where(eq(companies.id, input.companyId))
      .returning({ number: sql<number>`${companies.nextRequisitionNumber} - 1` });
    const [requisition] = await this.tx
      .insert(requisitions)
      .values({
        companyId: input.companyId,
        number: numbered!.number,
        requesterId: input.requester.id,
        status: decision.needsApproval ? "pending_approval" : "approved",
        costCenterId: input.costCenter.id,
        poNumber: input.poNumber,
        note: input.note,
        neededBy: input.neededBy,
        totalMinor: input.total.amount,
        currency: input.total.currency,
        approvalReason: decision.evaluated.summary,
        policyVersionId: decision.evaluated.policyVersionId,
        submittedAt: input.submittedAt,
        decidedAt: decision.needsApproval ? null : input.submittedAt,
        overBudget: decision.budget.overBudget,
        budgetLeftAfterMinor: decision.budget.leaves?.amount ?? null,
      })
      .returning();
    await this.recordRevision(requisition!, 1, input, decision.needsApproval ? "requisition.submitted" : "requisition.auto_approved");
    return requisition!;
  }

  /**
   * The requester's edit of a rejected or returned requisition becomes its next revision, judged like a new one.
   * Null when it is no longer rejected or returned at `fromRevision` (resubmitted a moment ago in another tab).
   */
  async resubmitted(
    requisition: { id: string; number: number; fromRevision: number },
    input: RevisionInput & { decision: RevisionDecision; poNumber: string; note: string | null; neededBy: string | null },
  ): Promise<RequisitionRow | null> {
    const { decision } = input;
    const revision = requisition.fromRevision + 1;
    const [row] = await this.tx
      .update(requisitions)
      .set({
        revision,
        status: decision.needsApproval ? "pending_approval" : "approved",
        costCenterId: input.costCenter.id,
        poNumber: input.poNumber,
        note: input.note,
        neededBy: input.neededBy,
        totalMinor: input.total.amount,
        approvalReason: decision.evaluated.summary,
        policyVersionId: decision.evaluated.policyVersionId,
        submittedAt: input.submittedAt,
        decidedAt: decision.needsApproval ? null : input.submittedAt,
        decidedById: null,
        rejectionReason: null,
        returnedChanges: null,
        overBudget: decision.budget.overBudget,
        budgetLeftAfterMinor: decision.budget.leaves?.amount ?? null,
      })
      .where(
        and(eq(requisitions.id, requisition.id), eq(requisitions.revision, requisition.fromRevision), inArray(requisitions.status, ["rejected", "returned"])),
      )
      .returning();
    if (!row) return null;
    await this.recordRevision(row, revision, input, "requisition.resubmitted");
    return row;
  }

  /** The last approval landed and the prices still hold: the requisition is approved and its orders go to the suppliers. */
  async approved(requisition: RequisitionRow, by: Who, now: Date): Promise<boolean> {
    const moved = await this.moveRequisition(requisition, ["pending_approval"], { status: "approved", decidedAt: now, decidedById: by.id });
    if (!moved) return false;
    const orders = await this.moveOrders(requisition, ["awaiting_approval"], { state: "queued" });
    await this.queue(requisition.companyId, orders);
    await this.audit(requisition, by.id, "requisition.approved", {
      revision: requisition.revision,
      total: formatMoney(money(moved.totalMinor, moved.currency)),
    });
    await this.tellRequester(
      requisition,
      "requisition.approved",
      `${requisitionLabel(requisition)} is approved`,
      `${requisitionLabel(requisition)} is approved and goes to the supplier now.`,
    );
    return true;
  }

  /** An approver said no: nothing is sent, what it reserved is free again, and the requester reads why. */
  async rejected(requisition: RequisitionRow, by: Who, reason: string, now: Date): Promise<boolean> {
    const moved = await this.moveRequisition(requisition, ["pending_approval"], {
      status: "rejected",
      decidedAt: now,
      decidedById: by.id,
      rejectionReason: reason,
    });
    if (!moved) return false;
    await this.endUnsentOrders(requisition, `Rejected by ${by.name}`, now);
    const label = requisitionLabel(requisition);
    await this.tellRequester(
      requisition,
      "requisition.rejected",
      `${label} was rejected`,
      `${by.name} rejected ${label}: ${sentence(reason)} You can edit it and submit it again.`,
    );
    return true;
  }

  /** Approved, but the suppliers' prices or stock moved past what was approved: back to the requester instead of ordered. */
  async returnedToRequester(requisition: RequisitionRow, by: Who, changes: ReturnedChange[], now: Date): Promise<boolean> {
    const moved = await this.moveRequisition(requisition, ["pending_approval"], {
      status: "returned",
      decidedAt: now,
      decidedById: by.id,
      returnedChanges: changes,
    });
    if (!moved) return false;
    await this.endUnsentOrders(requisition, "Returned to the requester: prices or availability changed", now);
    await this.audit(requisition, by.id, "requisition.returned", { changes });
    await this.tellRequester(
      requisition,
      "requisition.returned",
      `${requisitionLabel(requisition)} came back to you before ordering`,
      `It was approved, but the suppliers' prices or availability changed: ${clauses(changes.map((c) => c.change))} Review it and submit it again.`,
    );
    return true;
  }

  /** The requester takes back a requisition nobody has decided on yet. */
  async withdrawn(requisition: RequisitionRow, by: Who, reason: string | null, now: Date): Promise<RequisitionRow | null> {
    const moved = await this.moveRequisition(requisition, ["pending_approval"], { status: "withdrawn", decidedAt: now, decidedById: by.id });
    if (!moved) return null;
    await this.endUnsentOrders(requisition, `Withdrawn by ${by.name}`, now);
    await this.audit(requisition, by.id, "requisition.withdrawn", { reason });
    return moved;
  }

  /**
   * Lines an approver takes out while approving the rest: their supplier orders shrink (or are not sent when nothing is
   * left), the reservation on the cost center follows, and the requisition's total is what is still bought.
   */
  async linesTakenOut(requisition: RequisitionRow, by: Who, lines: RequisitionLineRow[], taken: { lineId: string; reason: string }[]): Promise<void> {
    for (const t of taken) {
      await this.tx
        .update(requisitionLines)
        .set({ rejectedReason: t.reason, rejectedById: by.id })
        .where(
          and(
            eq(requisitionLines.companyId, requisition.companyId),
            eq(requisitionLines.id, t.lineId),
            eq(requisitionLines.requisitionId, requisition.id),
            isNull(requisitionLines.rejectedReason),
          ),
        );
    }
    const takenIds = new Set(taken.map((t) => t.lineId));
    const kept = lines.filter((l) => l.rejectedReason === null && !takenIds.has(l.id));
    const affected = [...new Set(lines.filter((l) => takenIds.has(l.id)).map((l) => l.supplierOrderId))];
    for (const orderId of affected) {
      const subtotal = kept.filter((l) => l.supplierOrderId === orderId).reduce((sum, l) => sum + l.lineTotalMinor, 0);
      if (subtotal === 0) {
        await this.tx.update(supplierOrders).set({ state: "not_sent", subtotalMinor: 0 }).where(eq(supplierOrders.id, orderId));
        await releaseSpend(this.tx, [orderId], `Every line rejected by ${by.name}`);
      } else {
        await this.resizeOrder(orderId, subtotal);
      }
    }
    const total = await this.settleTotal(requisition);
    const described = taken.map((t) => `${lines.find((l) => l.id === t.lineId)!.itemCode}: ${t.reason}`);
    await this.audit(requisition, by.id, "requisition.lines_rejected", { lines: described, newTotal: formatMoney(money(total, requisition.currency)) });
    await this.tellRequester(
      requisition,
      "requisition.lines_rejected",
      `${by.name} took ${taken.length === 1 ? "a line" : `${taken.length} lines`} out of ${requisitionLabel(requisition)}`,
      `${clauses(described)} The rest goes on for approval.`,
    );
  }

  /**
   * The suppliers' prices moved between submit and placing, within the company's tolerance: the lines take today's
   * prices (what the suppliers will charge), and the supplier orders' subtotals, the total and the reservation follow.
   */
  async linesRepriced(requisition: RequisitionRow, repriced: RepricedLine[]): Promise<void> {
    if (repriced.length === 0) return;
    for (const line of repriced) {
      await this.tx
        .update(requisitionLines)
        .set({ unitPriceMinor: line.unitPrice.amount, lineTotalMinor: line.lineTotal.amount })
        .where(
          and(eq(requisitionLines.companyId, requisition.companyId), eq(requisitionLines.id, line.lineId), eq(requisitionLines.requisitionId, requisition.id)),
        );
    }
    const lines = await this.tx
      .select()
      .from(requisitionLines)
      .where(
        and(
          eq(requisitionLines.companyId, requisition.companyId),
          eq(requisitionLines.requisitionId, requisition.id),
          eq(requisitionLines.revision, requisition.revision),
          isNull(requisitionLines.rejectedReason),
        ),
      );
    for (const orderId of new Set(repriced.map((l) => l.supplierOrderId))) {
      await this.resizeOrder(
        orderId,
        lines.filter((l) => l.supplierOrderId === orderId).reduce((sum, l) => sum + l.lineTotalMinor, 0),
      );
    }
    const total = await this.settleTotal(requisition);
    await this.audit(requisition, null, "requisition.repriced", {
      lines: repriced.map((l) => `${l.itemCode}: ${formatMoney(l.was)} -> ${formatMoney(l.unitPrice)} each`),
      newTotal: formatMoney(money(total, requisition.currency)),
    });
  }

  // ---------------------------------------------------------------------------
  // Supplier orders

  /** The supplier has the order: its reference and totals are kept and the reservation becomes a commitment. */
  async placed(order: SupplierOrderRow, supplierName: string, answer: SupplierOrderAnswer): Promise<boolean> {
    const now = new Date();
    const [moved] = await this.tx
      .update(supplierOrders)
      .set({
        state: "placed",
        supplierOrderRef: answer.supplierOrderId,
        supplierStatus: answer.status,
        supplierTotalMinor: answer.total.amount,
        supplierTaxMinor: answer.tax?.amount ?? null,
        supplierShippingMinor: answer.shipping?.amount ?? null,
        supplierNote: answer.supplierNote ?? null,
        failureMessage: null,
        failureField: null,
        placedAt: now,
        statusCheckedAt: now,
      })
      .where(and(eq(supplierOrders.id, order.id), eq(supplierOrders.state, "queued")))
      .returning({ id: supplierOrders.id });
    if (!moved) return false;
    await commitSpend(this.tx, order.id, answer.total);
    await this.auditOrder(order, null, "supplier_order.placed", { supplier: supplierName, supplierOrderId: answer.supplierOrderId, status: answer.status });
    if (await queuePurchaseOrderPush(this.tx, order, "insert")) this.queuedWork();
    await this.settle(order.requisitionId);
    return true;
  }

  /**
   * The supplier's API takes no orders, so the portal issued a purchase order for it instead: the order is committed at
   * what was approved and waits for the supplier's staff to enter it; the document goes to the connection's order
   * address through the outbox (once) when it has one.
   */
  async purchaseOrderIssued(
    order: SupplierOrderRow,
    supplierName: string,
    po: { poNumber: string; paymentTerms: string | null; emailTo: string | null },
  ): Promise<boolean> {
    const now = new Date();
    const [moved] = await this.tx
      .update(supplierOrders)
      .set({ state: "placed", supplierStatus: "awaiting_entry", failureMessage: null, failureField: null, placedAt: now, statusCheckedAt: now })
      .where(and(eq(supplierOrders.id, order.id), eq(supplierOrders.state, "queued")))
      .returning({ id: supplierOrders.id });
    if (!moved) return false;
    await commitSpend(this.tx, order.id, money(order.subtotalMinor, order.currency));
    const [document] = await this.tx
      .insert(purchaseOrders)
      .values({
        companyId: order.companyId,
        supplierOrderId: order.id,
        poNumber: po.poNumber,
        paymentTerms: po.paymentTerms,
        issuedAt: now,
        emailTo: po.emailTo,
      })
      .onConflictDoNothing()
      .returning({ id: purchaseOrders.id });
    if (document && po.emailTo) {
      await this.tx
        .insert(outbox)
        .values({ companyId: order.companyId, kind: "send_purchase_order", subjectId: document.id, requestId: currentRequestId() })
        .onConflictDoNothing();
      this.queuedWork();
    }
    await this.auditOrder(order, null, "supplier_order.purchase_order_issued", { supplier: supplierName, poNumber: po.poNumber, emailedTo: po.emailTo });
    if (await queuePurchaseOrderPush(this.tx, order, "insert")) this.queuedWork();
    return true;
  }

  /**
   * The order the supplier's staff entered from the purchase order was found: it is linked (its id, number, status and
   * totals kept) and compared with what was approved. Any difference is told to the requester and to every approver
   * who signed off, so the portal and the supplier never disagree unnoticed. False when it was linked already.
   */
  async enteredOrderLinked(
    order: SupplierOrderRow,
    supplierName: string,
    entered: SupplierOrderAnswer & { orderNumber: string | null },
    differences: string[],
  ): Promise<boolean> {
    const now = new Date();
    const [moved] = await this.tx
      .update(supplierOrders)
      .set({
        supplierOrderRef: entered.supplierOrderId,
        supplierStatus: entered.status,
        supplierTotalMinor: entered.total.amount,
        supplierTaxMinor: entered.tax?.amount ?? null,
        supplierShippingMinor: entered.shipping?.amount ?? null,
        statusCheckedAt: now,
      })
      .where(and(eq(supplierOrders.id, order.id), eq(supplierOrders.state, "placed"), isNull(supplierOrders.supplierOrderRef)))
      .returning({ id: supplierOrders.id });
    if (!moved) return false;
    await this.tx
      .update(purchaseOrders)
      .set({ linkedAt: now, supplierOrderNumber: entered.orderNumber, differences })
      .where(eq(purchaseOrders.supplierOrderId, order.id));
    await this.auditOrder(order, null, "supplier_order.entered", {
      supplier: supplierName,
      supplierOrderId: entered.supplierOrderId,
      orderNumber: entered.orderNumber,
      differences,
    });
    const [requisition] = await this.tx
      .select({ id: requisitions.id, requesterId: requisitions.requesterId, number: requisitions.number, revision: requisitions.revision })
      .from(requisitions)
      .where(eq(requisitions.id, order.requisitionId));
    if (requisition) {
      const label = requisitionLabel(requisition);
      const number = entered.orderNumber ? `order ${entered.orderNumber}` : "an order";
      if (differences.length > 0) {
        const signedOff = await this.tx
          .selectDistinct({ userId: approvalStepApprovers.decidedById })
          .from(approvalStepApprovers)
          .innerJoin(approvalSteps, and(eq(approvalSteps.id, approvalStepApprovers.stepId), eq(approvalSteps.companyId, approvalStepApprovers.companyId)))
          .where(
            and(
              eq(approvalStepApprovers.companyId, order.companyId),
              eq(approvalSteps.requisitionId, requisition.id),
              eq(approvalSteps.revision, requisition.revision),
              eq(approvalStepApprovers.decision, "approved"),
            ),
          );
        const people = [...new Set([requisition.requesterId, ...signedOff.map((r) => r.userId).filter((id): id is string => id !== null)])];
        await notify(this.tx, {
          companyId: order.companyId,
          userIds: people,
          kind: "supplier_order.differs",
          title: `${label}: ${supplierName} entered it differently from what was approved`,
          body: `${supplierName} entered ${number} from the purchase order, and it differs from what was approved: ${clauses(differences)}`,
          link: link(requisition.id),
        });
      } else {
        await notify(this.tx, {
          companyId: order.companyId,
          userIds: [requisition.requesterId],
          kind: "supplier_order.placed",
          title: `${label}: ${supplierName} entered the order`,
          body: `${supplierName} entered ${number} from the purchase order, exactly as approved.`,
          link: link(requisition.id),
        });
      }
    }
    await this.settle(order.requisitionId);
    return true;
  }

  /**
   * The supplier deleted the order its staff had entered from the purchase order: nothing more will come of it, so it
   * counts as cancelled (its budget released, the requisition following) and the requester is told, never left to find out.
   */
  async enteredOrderDeleted(
    order: Pick<SupplierOrderRow, "id" | "companyId" | "requisitionId">,
    supplierName: string,
    orderNumber: string | null,
  ): Promise<void> {
    const { changed } = await this.supplierSaid(order, supplierName, { status: "cancelled" });
    if (!changed) return;
    await this.auditOrder(order, null, "supplier_order.deleted_at_supplier", { supplier: supplierName, orderNumber });
    const [requisition] = await this.tx
      .select({ id: requisitions.id, requesterId: requisitions.requesterId, number: requisitions.number })
      .from(requisitions)
      .where(eq(requisitions.id, order.requisitionId));
    if (!requisition) return;
    await notify(this.tx, {
      companyId: order.companyId,
      userIds: [requisition.requesterId],
      kind: "supplier_order.differs",
      title: `${requisitionLabel(requisition)}: ${supplierName} deleted the order`,
      body: `${supplierName} deleted ${orderNumber ? `order ${orderNumber}` : "the order"} it had entered from the purchase order. Nothing more will be delivered for it; order again if it is still needed.`,
      link: link(requisition.id),
    });
  }

  /**
   * A goods receipt (or its reversal) was recorded for a placed order (server/receiving/receipts.ts writes the receipt
   * and says whether every line now has what it ordered): the order is received, or no longer, with the time it first
   * became so, audited, and the requisition follows its orders.
   */
  async receiptRecorded(
    order: Pick<SupplierOrderRow, "id" | "companyId" | "requisitionId">,
    actor: Who,
    action: "supplier_order.received" | "supplier_order.receipt_reversed",
    details: Record<string, unknown>,
    fullyReceived: boolean,
  ): Promise<void> {
    await this.tx
      .update(supplierOrders)
      .set({ receivedAt: fullyReceived ? sql`coalesce(${supplierOrders.receivedAt}, now())` : null })
      .where(eq(supplierOrders.id, order.id));
    await this.auditOrder(order, actor.id, action, details);
    await this.settle(order.requisitionId);
  }

  /** The requester was reminded that the supplier delivered and nothing was received yet: once per order. */
  async receiptReminderSent(orderId: string): Promise<boolean> {
    const [moved] = await this.tx
      .update(supplierOrders)
      .set({ receiptRemindedAt: new Date() })
      .where(and(eq(supplierOrders.id, orderId), isNull(supplierOrders.receiptRemindedAt)))
      .returning({ id: supplierOrders.id });
    return Boolean(moved);
  }

  /**
   * An invoice for a placed order, kept (and updated in place, e.g. once paid) for matching: raised through the
   * supplier's API, read from an uploaded file, or typed in by hand (`from`, with who did it). Answers its id, and
   * whether it was new.
   */
  async invoiceReported(
    order: Pick<SupplierOrderRow, "id" | "companyId">,
    supplierName: string,
    invoice: Omit<SupplierInvoice, "orderIds"> & { orderIds?: string[] },
    from: { source: "supplier" | "upload" | "manual"; actorId: string | null } = { source: "supplier", actorId: null },
  ): Promise<{ supplierInvoiceId: string; created: boolean }> {
    const values = {
      companyId: order.companyId,
      supplierOrderId: order.id,
      supplierInvoiceRef: invoice.invoiceId,
      source: from.source,
      number: invoice.number,
      invoiceDate: invoice.invoiceDate,
      dueDate: invoice.dueDate,
      paid: invoice.paid,
      netMinor: invoice.net.amount,
      totalMinor: invoice.total.amount,
      currency: invoice.total.currency,
      lines: invoice.lines.map((l) => ({
        itemCode: l.itemCode,
        description: l.description,
        quantity: l.quantity,
        unitPriceMinor: l.unitPrice.amount,
        lineTotalMinor: l.lineTotal.amount,
      })),
    };
    const inserted = await this.tx
      .insert(supplierInvoices)
      .values(values)
      .onConflictDoNothing({ target: [supplierInvoices.supplierOrderId, supplierInvoices.supplierInvoiceRef] })
      .returning({ id: supplierInvoices.id });
    let supplierInvoiceId = inserted[0]?.id;
    if (supplierInvoiceId) {
      await this.auditOrder(order, from.actorId, "supplier_order.invoiced", {
        supplier: supplierName,
        invoice: invoice.number,
        total: formatMoney(invoice.total),
        source: from.source,
      });
    } else {
      const [updated] = await this.tx
        .update(supplierInvoices)
        .set({
          paid: values.paid,
          dueDate: values.dueDate,
          netMinor: values.netMinor,
          totalMinor: values.totalMinor,
          lines: values.lines,
          updatedAt: new Date(),
        })
        .where(and(eq(supplierInvoices.supplierOrderId, order.id), eq(supplierInvoices.supplierInvoiceRef, invoice.invoiceId)))
        .returning({ id: supplierInvoices.id });
      supplierInvoiceId = updated!.id;
    }
    // A matching invoice is committed as spend at what it charges.
    await matchChanged(this.tx, order.id);
    return { supplierInvoiceId, created: inserted.length > 0 };
  }

  /** The supplier said no for good: the buyer reads its words (and the field it named) instead of a retry forever. */
  async refused(order: SupplierOrderRow, supplierName: string, refusal: { message: string; field: string | null }): Promise<boolean> {
    const [moved] = await this.tx
      .update(supplierOrders)
      .set({ state: "failed", failureMessage: refusal.message, failureField: refusal.field })
      .where(and(eq(supplierOrders.id, order.id), eq(supplierOrders.state, "queued")))
      .returning({ id: supplierOrders.id });
    if (!moved) return false;
    await releaseSpend(this.tx, [order.id], `${supplierName} refused the order: ${refusal.message}`);
    await this.auditOrder(order, null, "supplier_order.refused", { supplier: supplierName, message: refusal.message, field: refusal.field });
    await this.settle(order.requisitionId);
    return true;
  }

  /**
   * What the supplier now says about a placed order (held for its approval, accepted, in production, shipped,
   * delivered, cancelled), from a status refresh or an answer to something the portal asked of it. A cancellation
   * releases that order's part of the budget, and the requisition follows its orders. `by` is whoever asked the supplier
   * for the change and what they did (null: the supplier moved on its own, seen by a status refresh).
   */
  async supplierSaid(
    order: Pick<SupplierOrderRow, "id" | "companyId" | "requisitionId">,
    supplierName: string,
    answer: Pick<SupplierOrderAnswer, "status" | "supplierNote"> & { total?: Money },
    by: { actor: Who; action: string; details: Record<string, unknown>; releaseReason: string } | null = null,
  ): Promise<{ changed: boolean }> {
    const [before] = await this.tx
      .select({ supplierStatus: supplierOrders.supplierStatus })
      .from(supplierOrders)
      .where(and(eq(supplierOrders.id, order.id), eq(supplierOrders.state, "placed")))
      .for("update");
    if (!before) return { changed: false };
    await this.tx
      .update(supplierOrders)
      .set({
        supplierStatus: answer.status,
        statusCheckedAt: new Date(),
        ...(answer.total ? { supplierTotalMinor: answer.total.amount } : {}),
        // A connector that says nothing of notes (undefined) leaves the last one; one that says null clears it.
        ...(answer.supplierNote !== undefined ? { supplierNote: answer.supplierNote } : {}),
      })
      .where(eq(supplierOrders.id, order.id));
    const changed = before.supplierStatus !== answer.status;
    const declined = changed && answer.status === "declined";
    if (changed && isEndedAtSupplier(answer.status)) {
      const releaseReason = declined
        ? `Declined at ${supplierName}${answer.supplierNote ? `: ${answer.supplierNote}` : ""}`
        : (by?.releaseReason ?? `Cancelled at ${supplierName}`);
      await releaseSpend(this.tx, [order.id], by?.releaseReason ?? releaseReason);
    }
    if (by) await this.auditOrder(order, by.actor.id, by.action, by.details);
    else if (changed) {
      await this.auditOrder(order, null, "supplier_order.status_changed", {
        from: before.supplierStatus,
        to: answer.status,
        ...(declined ? { comment: answer.supplierNote ?? null } : {}),
      });
    }
    if (declined) await this.tellOfDecline(order, supplierName, answer.supplierNote ?? null);
    if (changed) await this.settle(order.requisitionId);
    // Accounts payable matches against what the supplier now says: a change is an update, an end a delete.
    if (changed && (await queuePurchaseOrderPush(this.tx, order, isEndedAtSupplier(answer.status) ? "delete" : "update"))) this.queuedWork();
    return { changed };
  }

  /** The supplier's own approval said no: the requester reads its words, and knows the budget is free again. */
  private async tellOfDecline(order: Pick<SupplierOrderRow, "requisitionId">, supplierName: string, comment: string | null): Promise<void> {
    const [requisition] = await this.tx.select().from(requisitions).where(eq(requisitions.id, order.requisitionId));
    if (!requisition) return;
    await this.tellRequester(
      requisition,
      "supplier_order.declined",
      `${requisitionLabel(requisition)}: declined at ${supplierName}`,
      `${supplierName}'s own approval declined the order${comment ? `: "${comment}"` : ", without a comment"}. Nothing of it will be delivered, and its amount is no longer held against the budget; order again if it is still needed.`,
    );
  }

  /**
   * A shipment the supplier reported for a placed order: one row per supplier shipment, updated in place on every
   * refresh and never removed. A tracking number seen for the first time is audited and the requester is told.
   */
  async shipmentReported(order: SupplierOrderRow, supplierName: string, values: ShipmentReport): Promise<void> {
    // First sight of this shipment, or the row as it was (locked, so two refreshes at once audit a tracking number once).
    const inserted = await this.tx
      .insert(supplierShipments)
      .values({ ...values, companyId: order.companyId, supplierOrderId: order.id })
      .onConflictDoNothing({ target: [supplierShipments.supplierOrderId, supplierShipments.supplierShipmentRef] })
      .returning({ id: supplierShipments.id });
    let previousTracking: string | null = null;
    if (inserted.length === 0) {
      const [stored] = await this.tx
        .select({ trackingNumber: supplierShipments.trackingNumber })
        .from(supplierShipments)
        .where(and(eq(supplierShipments.supplierOrderId, order.id), eq(supplierShipments.supplierShipmentRef, values.supplierShipmentRef)))
        .for("update");
      previousTracking = stored?.trackingNumber ?? null;
      await this.tx
        .insert(supplierShipments)
        .values({ ...values, companyId: order.companyId, supplierOrderId: order.id })
        .onConflictDoUpdate({
          target: [supplierShipments.supplierOrderId, supplierShipments.supplierShipmentRef],
          set: {
            status: values.status,
            carrierName: values.carrierName,
            // A supplier that stops sending a number or a link does not take back the one the buyer already has.
            trackingNumber: values.trackingNumber ?? sql`${supplierShipments.trackingNumber}`,
            trackingUrl: values.trackingUrl ?? sql`${supplierShipments.trackingUrl}`,
            shippedAt: values.shippedAt,
            estimatedDeliveryAt: values.estimatedDeliveryAt,
            updatedAt: new Date(),
          },
        });
    }
    if (!values.trackingNumber || values.trackingNumber === previousTracking) return;
    const carrier = values.carrierName ?? "Carrier";
    await this.auditOrder(order, null, "supplier_order.shipped", {
      supplier: supplierName,
      supplierOrderId: order.supplierOrderRef,
      shipment: values.supplierShipmentRef,
      carrier: values.carrierName,
      trackingNumber: values.trackingNumber,
      trackingUrl: values.trackingUrl,
    });
    const [requisition] = await this.tx
      .select({ id: requisitions.id, requesterId: requisitions.requesterId, number: requisitions.number })
      .from(requisitions)
      .where(eq(requisitions.id, order.requisitionId));
    if (requisition) {
      await notify(this.tx, {
        companyId: order.companyId,
        userIds: [requisition.requesterId],
        kind: "supplier_order.shipped",
        title: `REQ-${requisition.number}: shipped by ${supplierName}`,
        body: `Your order from ${supplierName} has shipped: ${carrier} ${values.trackingNumber}`,
        link: `/requisitions/${requisition.id}`,
      });
    }
  }

  // ---------------------------------------------------------------------------

  /** An order's lines changed: its subtotal, and its reservation at the new expected total (tax and shipping estimated alike). */
  private async resizeOrder(orderId: string, subtotal: number): Promise<void> {
    const [order] = await this.tx.update(supplierOrders).set({ subtotalMinor: subtotal }).where(eq(supplierOrders.id, orderId)).returning();
    if (order) await resizeReservation(this.tx, orderId, expectedOfStored(order).expected);
  }

  /** The requisition's total is what its orders that will still be sent are expected to cost; returned for the record. */
  private async settleTotal(requisition: RequisitionRow): Promise<number> {
    const orders = await this.tx
      .select()
      .from(supplierOrders)
      .where(and(eq(supplierOrders.requisitionId, requisition.id), eq(supplierOrders.revision, requisition.revision)));
    const total = orders.filter((o) => o.state !== "not_sent").reduce((sum, o) => sum + expectedOfStored(o).expected.amount, 0);
    await this.tx.update(requisitions).set({ totalMinor: total }).where(eq(requisitions.id, requisition.id));
    return total;
  }

  /** The requisition's status as its orders now have it: ordered, shipped, delivered, or cancelled once nothing of it will be bought. */
  private async settle(requisitionId: string): Promise<void> {
    const [requisition] = await this.tx.select().from(requisitions).where(eq(requisitions.id, requisitionId)).for("update");
    if (!requisition) return;
    const orders = await this.tx
      .select({ state: supplierOrders.state, supplierStatus: supplierOrders.supplierStatus, receivedAt: supplierOrders.receivedAt })
      .from(supplierOrders)
      .where(and(eq(supplierOrders.requisitionId, requisition.id), eq(supplierOrders.revision, requisition.revision)));
    const next = statusFollowingOrders(
      requisition.status,
      orders.map((o) => ({ state: o.state, supplierStatus: o.supplierStatus, fullyReceived: o.receivedAt !== null })),
    );
    if (next === requisition.status) return;
    await this.tx.update(requisitions).set({ status: next }).where(eq(requisitions.id, requisition.id));
    await this.audit(requisition, null, `requisition.${next}`, { revision: requisition.revision, because: "its supplier orders" });
  }

  private async recordRevision(requisition: RequisitionRow, revision: number, input: RevisionInput & { decision: RevisionDecision }, action: string) {
    const { decision } = input;
    const orderIds: string[] = [];
    for (const order of input.orders) {
      const [row] = await this.tx
        .insert(supplierOrders)
        .values({
          companyId: input.companyId,
          requisitionId: requisition.id,
          supplierConnectionId: order.supplierConnectionId,
          revision,
          state: decision.needsApproval ? "awaiting_approval" : "queued",
          shipTo: order.shipTo,
          subtotalMinor: order.subtotal.amount,
          estimatedTaxRateBps: order.estimate?.taxRateBps ?? null,
          estimatedShippingMinor: order.estimate?.shippingMinor ?? null,
          currency: order.subtotal.currency,
          supplierQuoteId: order.supplierQuoteId ?? null,
        })
        .returning({ id: supplierOrders.id });
      orderIds.push(row!.id);
      await this.tx.insert(requisitionLines).values(
        order.lines.map((line) => ({
          companyId: input.companyId,
          requisitionId: requisition.id,
          supplierOrderId: row!.id,
          revision,
          supplierItemId: line.supplierItemId,
          itemCode: line.itemCode,
          name: line.name,
          categoryId: line.categoryId,
          categoryName: line.categoryName,
          quantity: line.quantity,
          unitPriceMinor: line.unitPrice.amount,
          lineTotalMinor: line.lineTotal.amount,
          currency: line.unitPrice.currency,
        })),
      );
      await reserveSpend(this.tx, [
        {
          companyId: input.companyId,
          costCenterId: input.costCenter.id,
          requisitionId: requisition.id,
          supplierOrderId: row!.id,
          supplierConnectionId: order.supplierConnectionId,
          amount: expectedTotal(order.subtotal, order.estimate).expected,
          chargedAt: input.submittedAt,
        },
      ]);
    }
    await startChain(this.tx, {
      companyId: input.companyId,
      requisitionId: requisition.id,
      requisitionLabel: requisitionLabel(requisition),
      revision,
      chain: decision.evaluated.chain,
      now: input.submittedAt,
    });
    await this.audit(requisition, input.requester.id, action, {
      revision,
      total: formatMoney(input.total),
      chain: decision.evaluated.summary,
      policyVersion: decision.evaluated.policyVersion,
      alsoUnderPolicyVersion: decision.evaluated.alsoUnderPolicyVersion,
      costCenter: input.costCenter.code,
      budgetLeftAfter: decision.budget.leaves ? formatMoney(decision.budget.leaves) : null,
    });
    if (!decision.needsApproval) await this.queue(input.companyId, orderIds);
  }

  private async moveRequisition(
    requisition: RequisitionRow,
    from: RequisitionStatus[],
    to: Partial<typeof requisitions.$inferInsert>,
  ): Promise<RequisitionRow | null> {
    const [row] = await this.tx
      .update(requisitions)
      .set(to)
      .where(and(eq(requisitions.id, requisition.id), eq(requisitions.revision, requisition.revision), inArray(requisitions.status, from)))
      .returning();
    // Decided one way or another: nobody is asked to act on it any more.
    if (row && from.includes("pending_approval")) await this.closeAsks(row);
    return row ?? null;
  }

  private async moveOrders(requisition: Pick<RequisitionRow, "id" | "revision">, from: SupplierOrderState[], to: Partial<typeof supplierOrders.$inferInsert>) {
    const rows = await this.tx
      .update(supplierOrders)
      .set(to)
      .where(and(eq(supplierOrders.requisitionId, requisition.id), eq(supplierOrders.revision, requisition.revision), inArray(supplierOrders.state, from)))
      .returning({ id: supplierOrders.id });
    return rows.map((r) => r.id);
  }

  /** A revision that will not be ordered: its orders are not sent, what they reserved is released, its chain ends. */
  private async endUnsentOrders(requisition: RequisitionRow, releaseReason: string, now: Date): Promise<void> {
    const orders = await this.moveOrders(requisition, ["awaiting_approval"], { state: "not_sent" });
    await releaseSpend(this.tx, orders, releaseReason);
    await skipOpenSteps(this.tx, requisition.id, requisition.revision, now);
  }

  /** The approvers' "waits for you" notifications about it are done. */
  private closeAsks(requisition: RequisitionRow) {
    return markHandled(this.tx, { companyId: requisition.companyId, link: link(requisition.id), onlyAsksToAct: true });
  }

  private async queue(companyId: string, orderIds: string[]): Promise<void> {
    if (orderIds.length === 0) return;
    await enqueueSupplierOrders(this.tx, companyId, orderIds);
    this.queuedWork();
  }

  private audit(requisition: Pick<RequisitionRow, "id" | "companyId">, actorId: string | null, action: string, details: Record<string, unknown>) {
    return recordAudit(this.tx, { companyId: requisition.companyId, actorId, action, subject: { type: "requisition", id: requisition.id }, details });
  }

  private auditOrder(order: Pick<SupplierOrderRow, "id" | "companyId">, actorId: string | null, action: string, details: Record<string, unknown>) {
    return recordAudit(this.tx, { companyId: order.companyId, actorId, action, subject: { type: "supplier_order", id: order.id }, details });
  }

  private tellRequester(requisition: RequisitionRow, kind: Parameters<typeof notify>[1]["kind"], title: string, body: string) {
    return notify(this.tx, { companyId: requisition.companyId, userIds: [requisition.requesterId], kind, title, body, link: link(requisition.id) });
  }
}

export type { ShipToSnapshot };
