/**
 * A requisition's history as people read it: every entry a sentence saying who did what, and at which supplier,
 * never an action code or a supplier's status code. The audit log keeps the facts; this says them.
 */
import { clauses, sentence } from "./sentences";

export interface HistoryFact {
  action: string;
  /** Who did it; null for what the portal or a supplier did on its own. */
  actorName: string | null;
  /** The supplier whose order it is about, when it is about a supplier order. */
  supplierName: string | null;
  details: Record<string, unknown>;
}

export interface HistoryLine {
  sentence: string;
  /** The one detail worth reading: a reason, the lines, the tracking number. */
  detail: string | null;
}

// Details are free-form JSON written over the portal's life; read them defensively.
const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);
const texts = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x.trim() !== "") : []);
const joined = (...parts: (string | null)[]) => parts.filter(Boolean).join(" · ") || null;

/** What a supplier's status means, as the end of a sentence whose subject is the supplier. */
const SUPPLIER_DID: Record<string, string> = {
  awaiting_entry: "has the purchase order and has not entered it as an order yet",
  awaiting_confirmation: "has the order and has not confirmed it yet",
  pending_approval: "holds the order for its own approval",
  approved: "accepted the order",
  in_production: "is preparing the order",
  partly_shipped: "dispatched part of the order",
  shipped: "shipped the order",
  delivered: "delivered the order",
  cancelled: "cancelled the order",
  declined: "declined the order at its own approval",
};

export const supplierStatusWords = (status: string | null | undefined) =>
  status ? (SUPPLIER_DID[status] ?? `says the order is ${status.replace(/_/g, " ")}`) : null;

interface Change {
  itemCode?: unknown;
  supplierName?: unknown;
  change?: unknown;
}

/** "FM-0014-LT (Hygrade): rose from ...", "Yodify: the quote expired", or the change alone (the total). */
export function describeChange(change: Change): string {
  const item = text(change.itemCode);
  const supplier = text(change.supplierName);
  const what = text(change.change) ?? "";
  if (item) return `${item}${supplier ? ` (${supplier})` : ""}: ${what}`;
  return supplier ? `${supplier}: ${what}` : what;
}

export function describeHistoryEntry(fact: HistoryFact): HistoryLine {
  const d = fact.details;
  const who = fact.actorName ?? "The portal";
  const supplier = fact.supplierName ?? text(d.supplier) ?? "The supplier";
  const level = d.level !== undefined ? ` at level ${String(d.level)}` : "";
  switch (fact.action) {
    case "requisition.submitted":
      return { sentence: `${who} submitted it for approval.`, detail: joined(text(d.total) ? `Total ${text(d.total)}` : null, text(d.chain)) };
    case "requisition.auto_approved":
      return {
        sentence: `${who} submitted it; no approval rule applies, so it was approved at once.`,
        detail: text(d.total) ? `Total ${text(d.total)}` : null,
      };
    case "requisition.resubmitted":
      return {
        sentence: `${who} edited it and submitted it again as revision ${String(d.revision ?? "")}.`,
        detail: joined(text(d.total) ? `Total ${text(d.total)}` : null, text(d.chain)),
      };
    case "approval.step_approved":
      return { sentence: `${who} approved it${level}.`, detail: d.onBehalfOf ? "As a delegate, for an approver who is away" : null };
    case "approval.step_rejected":
      return { sentence: `${who} rejected it${level}.`, detail: text(d.reason) };
    case "requisition.approved":
      return { sentence: `Approved: ${who} gave the last approval, so it goes to the suppliers.`, detail: text(d.total) ? `Total ${text(d.total)}` : null };
    case "requisition.withdrawn":
      return { sentence: `${who} withdrew it.`, detail: text(d.reason) };
    case "requisition.lines_rejected":
      return {
        sentence: `${who} took lines out of it.`,
        detail: joined(texts(d.lines).length ? clauses(texts(d.lines)) : null, text(d.newTotal) ? `New total ${text(d.newTotal)}` : null),
      };
    case "requisition.returned": {
      const changes = Array.isArray(d.changes) ? (d.changes as Change[]) : [];
      return {
        sentence: "It went back to the requester before ordering, because the suppliers' prices or stock changed.",
        detail: changes.length ? clauses(changes.map(describeChange)) : null,
      };
    }
    case "requisition.repriced":
      return {
        sentence: "It was ordered at the suppliers' prices of the day, which moved within the company's tolerance.",
        detail: joined(texts(d.lines).length ? clauses(texts(d.lines)) : null, text(d.newTotal) ? `New total ${text(d.newTotal)}` : null),
      };
    case "requisition.cancelled":
      return { sentence: "Cancelled: every supplier order of it was cancelled, so nothing of it will be bought.", detail: null };
    case "requisition.not_ordered":
      return { sentence: "Not ordered: every supplier refused its order, so nothing of it will be bought as it stands.", detail: null };
    case "requisition.partly_ordered":
      return { sentence: "Partly ordered: some of its suppliers have their order, the others not yet.", detail: null };
    case "requisition.ordered":
      return { sentence: "Ordered: every supplier has its order.", detail: null };
    case "requisition.partly_shipped":
      return { sentence: "Partly shipped: some of its orders have shipped.", detail: null };
    case "requisition.shipped":
      return { sentence: "Shipped: every order of it has shipped.", detail: null };
    case "requisition.delivered":
      return { sentence: "Delivered: every order of it was delivered.", detail: null };
    case "requisition.received":
      return { sentence: "Received: the goods of every order of it were received.", detail: null };
    case "approval.reminded":
      return { sentence: "The portal reminded the approvers that it is waiting for them.", detail: null };
    case "approval.escalated": {
      const to = texts(d.to);
      return {
        sentence: `Nobody decided within ${String(d.afterHours ?? "")} hours, so the portal escalated it to the admins${to.length ? ` (${to.join(", ")})` : ""}.`,
        detail: null,
      };
    }
    case "supplier_order.placed":
      return { sentence: `${supplier} received the order${text(d.supplierOrderId) ? ` as ${text(d.supplierOrderId)}` : ""}.`, detail: null };
    case "supplier_order.purchase_order_issued":
      return {
        sentence:
          `The portal issued purchase order ${text(d.poNumber) ?? ""} for ${supplier}${text(d.emailedTo) ? ` and emails it to ${text(d.emailedTo)}` : ""}.`.replace(
            "  ",
            " ",
          ),
        detail: null,
      };
    case "supplier_order.entered": {
      const differences = texts(d.differences);
      return {
        sentence: `${supplier} entered the purchase order as order ${text(d.orderNumber) ?? text(d.supplierOrderId) ?? ""}${differences.length ? ", differently from what was approved" : ", as approved"}.`,
        detail: differences.length ? clauses(differences) : null,
      };
    }
    case "supplier_order.deleted_at_supplier":
      return { sentence: `${supplier} deleted the order it had entered${text(d.orderNumber) ? ` (${text(d.orderNumber)})` : ""}.`, detail: null };
    case "supplier_order.invoiced":
      if (d.source === "upload")
        return { sentence: `${who} uploaded ${supplier}'s invoice${text(d.invoice) ? ` ${text(d.invoice)}` : ""}, read by Hypatos.`, detail: text(d.total) };
      if (d.source === "manual")
        return { sentence: `${who} entered ${supplier}'s invoice${text(d.invoice) ? ` ${text(d.invoice)}` : ""} by hand.`, detail: text(d.total) };
      return { sentence: `${supplier} invoiced it${text(d.invoice) ? ` (${text(d.invoice)})` : ""}.`, detail: text(d.total) };
    case "supplier_order.refused":
      return { sentence: `${supplier} refused the order.`, detail: text(d.message) };
    case "supplier_order.status_changed":
      return { sentence: sentence(`${supplier} ${supplierStatusWords(text(d.to)) ?? "changed the order's status"}`), detail: null };
    case "supplier_order.shipped":
      return {
        sentence: `${supplier} shipped it${text(d.carrier) ? ` with ${text(d.carrier)}` : ""}.`,
        detail: text(d.trackingNumber) ? `Tracking number ${text(d.trackingNumber)}` : null,
      };
    case "supplier_order.cancelled": {
      const status = text(d.status);
      return {
        sentence:
          status === "cancelled" || status === null
            ? `${who} cancelled the ${supplier} order.`
            : `${who} asked ${supplier} to cancel the order; ${supplier} ${supplierStatusWords(status)}.`,
        detail: text(d.reason),
      };
    }
    case "supplier_approval.approved":
      return { sentence: `${who} approved the order at ${supplier}.`, detail: null };
    case "supplier_approval.answered_by_chain":
      return {
        sentence: `${supplier} held the order for its own approval; the portal approved it there, since ${who} had approved it in the chain.`,
        detail: null,
      };
    case "supplier_approval.rejected":
      return { sentence: `${who} rejected the order at ${supplier}.`, detail: text(d.reason) };
    default:
      return { sentence: sentence(`${who} ${fact.action.split(".").pop()!.replace(/_/g, " ")}`), detail: null };
  }
}
