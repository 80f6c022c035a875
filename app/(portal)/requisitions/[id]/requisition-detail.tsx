"use client";

import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { DecisionButtons } from "@/app/_components/decision-buttons";
import { Alert, Amount, Badge, Card, formatDateTime, PageTitle, RequisitionStatus, SupplierOrderState } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { CancelSupplierOrder, WithdrawRequisition } from "./requisition-actions";

const spendLabel = { reserved: "Reserved on", committed: "Committed on", released: "Released from" } as const;

const historyLabel: Record<string, string> = {
  "requisition.submitted": "Submitted for approval",
  "requisition.auto_approved": "Submitted and approved automatically",
  "requisition.approved": "Approved",
  "requisition.rejected": "Rejected",
  "requisition.withdrawn": "Withdrawn by the requester",
  "supplier_order.cancelled": "Order cancelled at the supplier",
  "supplier_order.placed": "Order placed with the supplier",
  "supplier_order.refused": "Supplier refused the order",
  "supplier_order.status_changed": "Supplier status changed",
};

export function RequisitionDetail({ requisitionId }: { requisitionId: string }) {
  const trpc = useTRPC();
  const justSubmitted = useSearchParams().get("submitted") === "1";
  const query = useQuery({
    ...trpc.requisitions.get.queryOptions({ requisitionId }),
    // While an order is on its way to a supplier or moving through its statuses, keep the page current.
    refetchInterval: (q) => (q.state.data?.supplierOrders.some((o) => o.state === "queued" || (o.state === "placed" && o.supplierStatus !== "delivered" && o.supplierStatus !== "cancelled")) ? 3000 : false),
  });
  if (query.isPending) return <p className="text-slate-600">Loading requisition…</p>;
  if (query.error) return <Alert>{query.error.message}</Alert>;
  const r = query.data;
  const label = `REQ-${r.number}`;

  return (
    <>
      <PageTitle aside={<RequisitionStatus status={r.status} />}>{label}</PageTitle>
      {justSubmitted ? (
        <div className="mb-4">
          <Alert tone={r.status === "pending_approval" ? "amber" : "green"} title="Requisition submitted">
            {r.approvalReason}
          </Alert>
        </div>
      ) : null}
      {r.status === "rejected" ? (
        <div className="mb-4">
          <Alert title={`Rejected by ${r.decidedByName ?? "an approver"} on ${formatDateTime(r.decidedAt)}`}>
            <span data-testid="rejection-reason">{r.rejectionReason}</span>
          </Alert>
        </div>
      ) : null}
      {r.canWithdraw ? (
        <Card className="mb-4">
          <p className="mb-2 text-sm text-slate-600">Nobody has decided on {label} yet. You can still withdraw it.</p>
          <WithdrawRequisition requisitionId={r.id} label={label} />
        </Card>
      ) : null}
      {r.canDecide ? (
        <Card className="mb-4">
          <h2 className="mb-2 font-medium">Your decision</h2>
          <DecisionButtons requisitionId={r.id} label={label} />
        </Card>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-[1fr_18rem]">
        <div className="space-y-4">
          {r.supplierOrders.map((o) => (
            <Card key={o.id}>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h2 className="font-medium">{o.supplierName}</h2>
                <span data-testid="supplier-order-state"><SupplierOrderState state={o.state} supplierStatus={o.supplierStatus} /></span>
              </div>
              {o.supplierOrderRef ? (
                <p className="mt-1 text-sm text-slate-600">
                  {o.supplierName} order <span className="font-mono" data-testid="supplier-order-ref">{o.supplierOrderRef}</span>
                  {o.statusCheckedAt ? ` · status checked ${formatDateTime(o.statusCheckedAt)}` : ""}
                </p>
              ) : null}
              {o.failure ? <div className="mt-2"><Alert title={`${o.supplierName} refused this order`}>{o.failure.message}{o.failure.field ? ` (field: ${o.failure.field})` : ""}</Alert></div> : null}
              {o.sending?.lastError ? (
                <div className="mt-2">
                  <Alert tone="amber" title={`Still trying to reach ${o.supplierName}`}>
                    Attempt {o.sending.attempts} did not get through ({o.sending.lastError}). The order is kept and will be sent again automatically, never twice.
                  </Alert>
                </div>
              ) : null}
              <table className="mt-3 w-full text-sm">
                <thead><tr className="text-left text-slate-500"><th className="font-normal">Item</th><th className="text-right font-normal">Qty</th><th className="text-right font-normal">Unit</th><th className="text-right font-normal">Total</th></tr></thead>
                <tbody>
                  {o.lines.map((l) => (
                    <tr key={l.id} className="border-t border-slate-100">
                      <td className="py-1.5">{l.name}<br /><span className="text-xs text-slate-500">{l.itemCode}</span></td>
                      <td className="text-right">{l.quantity}</td>
                      <td className="text-right"><Amount value={l.unitPrice} /></td>
                      <td className="text-right"><Amount value={l.lineTotal} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <dl className="mt-2 space-y-0.5 text-right text-sm">
                <div><dt className="inline text-slate-500">Subtotal </dt><dd className="inline"><Amount value={o.subtotal} /></dd></div>
                {o.tax ? <div><dt className="inline text-slate-500">Tax </dt><dd className="inline"><Amount value={o.tax} /></dd></div> : null}
                {o.shipping ? <div><dt className="inline text-slate-500">Shipping </dt><dd className="inline"><Amount value={o.shipping} /></dd></div> : null}
                {o.supplierTotal ? <div className="font-medium"><dt className="inline">Supplier total </dt><dd className="inline"><Amount value={o.supplierTotal} /></dd></div> : null}
              </dl>
              {o.spend ? (
                <p className="mt-2 text-sm text-slate-600" data-testid="supplier-order-spend">
                  {spendLabel[o.spend.state]} {r.costCenter.code}: <Amount value={o.spend.amount} />
                  {o.spend.state === "released" && o.spend.releaseReason ? ` (${o.spend.releaseReason})` : ""}
                </p>
              ) : null}
              {o.canCancel ? <div className="mt-2"><CancelSupplierOrder supplierOrderId={o.id} supplierName={o.supplierName} /></div> : null}
              <p className="mt-2 text-xs text-slate-500">Ship to {o.shipTo.label}: {o.shipTo.street1}, {o.shipTo.city}, {o.shipTo.region} {o.shipTo.postalCode}</p>
            </Card>
          ))}
        </div>
        <div className="space-y-4">
          <Card>
            <dl className="space-y-2 text-sm">
              <div><dt className="text-slate-500">Requested by</dt><dd>{r.requester.name}</dd></div>
              <div><dt className="text-slate-500">Submitted</dt><dd>{formatDateTime(r.submittedAt)}</dd></div>
              <div>
                <dt className="text-slate-500">Cost center</dt>
                <dd>
                  {r.costCenter.code} · {r.costCenter.name} {r.overBudget ? <Badge tone="amber">Over budget</Badge> : null}
                  {r.budgetLeftAfter ? (
                    <span className="block text-xs text-slate-500">
                      Budget left after this order when submitted: <Amount value={r.budgetLeftAfter} />
                    </span>
                  ) : null}
                </dd>
              </div>
              <div><dt className="text-slate-500">PO number</dt><dd>{r.poNumber || "—"}</dd></div>
              {r.note ? <div><dt className="text-slate-500">Note</dt><dd className="whitespace-pre-wrap">{r.note}</dd></div> : null}
              <div><dt className="text-slate-500">Total</dt><dd className="text-lg font-semibold"><Amount value={r.total} /></dd></div>
              <div><dt className="text-slate-500">Approval</dt><dd>{r.approvalReason}</dd></div>
            </dl>
          </Card>
          <Card>
            <h2 className="font-medium">History</h2>
            <ol className="mt-2 space-y-2 text-sm">
              {r.history.map((h, i) => (
                <li key={i}>
                  <p>{historyLabel[h.action] ?? h.action}{h.action === "supplier_order.status_changed" ? `: ${String(h.details.to ?? "")}` : ""}</p>
                  <p className="text-xs text-slate-500">{formatDateTime(h.at)}{h.actorName ? ` · ${h.actorName}` : ""}</p>
                </li>
              ))}
            </ol>
          </Card>
        </div>
      </div>
    </>
  );
}
