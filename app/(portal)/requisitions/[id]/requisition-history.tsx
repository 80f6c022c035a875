"use client";

import { Card, formatDateTime } from "@/app/_components/ui";
import type { RouterOutputs } from "@/app/_lib/trpc";

type Entry = RouterOutputs["requisitions"]["get"]["history"][number];

// Details are free-form JSON written by different jobs; read them defensively.
const text = (v: unknown) => (typeof v === "string" && v.trim() ? v : null);
const texts = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

const fixedLabel: Record<string, string> = {
  "requisition.submitted": "Submitted for approval",
  "requisition.auto_approved": "Submitted and approved automatically",
  "requisition.approved": "Approved",
  "requisition.rejected": "Rejected",
  "requisition.withdrawn": "Withdrawn by the requester",
  "requisition.lines_rejected": "Lines taken out",
  "requisition.returned": "Back with the requester: prices changed",
  "approval.reminded": "Reminder sent to approvers",
  "approval.escalated": "Escalated to admins",
  "supplier_order.cancelled": "Order cancelled at the supplier",
  "supplier_order.placed": "Order placed with the supplier",
  "supplier_order.refused": "Supplier refused the order",
  "supplier_order.shipped": "Shipped",
};

/** What happened, in the buyer's words, and the one detail worth reading (usually the reason). */
function describe({ action, details: d }: Entry): { title: string; detail: string | null } {
  switch (action) {
    case "approval.step_approved":
      return { title: `Approved at level ${String(d.level ?? "")}`.trim(), detail: d.onBehalfOf ? "As a delegate, for an approver who is away" : null };
    case "approval.step_rejected":
      return { title: `Rejected at level ${String(d.level ?? "")}`.trim(), detail: text(d.reason) };
    case "requisition.resubmitted":
      return {
        title: `Edited and resubmitted (revision ${String(d.revision ?? "")})`,
        detail: [text(d.total) ? `Total ${text(d.total)}` : null, text(d.chain)].filter(Boolean).join(" · ") || null,
      };
    case "requisition.lines_rejected": {
      const lines = texts(d.lines);
      return {
        title: fixedLabel[action]!,
        detail: [lines.join("; "), text(d.newTotal) ? `New total ${text(d.newTotal)}` : null].filter(Boolean).join(" · ") || null,
      };
    }
    case "requisition.returned": {
      const changes = Array.isArray(d.changes) ? (d.changes as { itemCode?: unknown; supplierName?: unknown; change?: unknown }[]) : [];
      return {
        title: fixedLabel[action]!,
        detail: changes.map((c) => `${String(c.itemCode ?? "")} (${String(c.supplierName ?? "")}): ${String(c.change ?? "")}`).join("; ") || null,
      };
    }
    case "approval.escalated": {
      const to = texts(d.to);
      return {
        title: fixedLabel[action]!,
        detail: to.length ? `Nobody decided within ${String(d.afterHours ?? "")} hours; now also with ${to.join(", ")}` : null,
      };
    }
    case "supplier_approval.approved":
      return { title: `Approved at ${text(d.supplier) ?? "the supplier"}`, detail: null };
    case "supplier_approval.rejected":
      return { title: `Rejected at ${text(d.supplier) ?? "the supplier"}`, detail: text(d.reason) };
    case "supplier_order.status_changed":
      return { title: `Supplier status changed: ${String(d.to ?? "")}`, detail: null };
    case "supplier_order.shipped":
      return { title: `Shipped by ${text(d.supplier) ?? "the supplier"}`, detail: [text(d.carrier), text(d.trackingNumber)].filter(Boolean).join(" ") || null };
    case "requisition.withdrawn":
    case "supplier_order.cancelled":
      return { title: fixedLabel[action]!, detail: text(d.reason) };
    case "supplier_order.refused":
      return { title: fixedLabel[action]!, detail: text(d.message) };
    default:
      return { title: fixedLabel[action] ?? action, detail: null };
  }
}

export function RequisitionHistory({ history }: { history: Entry[] }) {
  return (
    <Card>
      <h2 className="font-medium">History</h2>
      <ol className="mt-2 space-y-2 text-sm" data-testid="requisition-history">
        {history.map((h, i) => {
          const { title, detail } = describe(h);
          return (
            <li key={i}>
              <p>{title}</p>
              {detail ? <p className="text-slate-700">{detail}</p> : null}
              <p className="text-xs text-slate-500">
                {formatDateTime(h.at)}
                {h.actorName ? ` · ${h.actorName}` : ""}
              </p>
            </li>
          );
        })}
      </ol>
    </Card>
  );
}
