"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { FINAL_SUPPLIER_STATUSES } from "@/common/suppliers";
import { DecisionButtons } from "@/app/_components/decision-buttons";
import { ExpectedExtras } from "@/app/_components/expected-total";
import { describeChange } from "@/server/domain/requisition-history";
import { Alert, Amount, Badge, Card, formatDateTime, formatDay, PageTitle, RequisitionStatus, SupplierOrderState } from "@/app/_components/ui";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";
import { isPastApproval } from "@/common/requisitions";
import { addressLines } from "@/common/suppliers";
import { ApprovalChain } from "./approval-chain";
import { OrderInvoiceFiles } from "../../invoices/invoice-files";
import { MatchPanel } from "./match-panel";
import { PurchaseOrderPanel } from "./purchase-order";
import { ReceivingPanel } from "./receiving-panel";
import { ReorderButton } from "./reorder-button";
import { CancelSupplierOrder, WithdrawRequisition } from "./requisition-actions";
import { RequisitionHistory } from "./requisition-history";
import { ResubmitForm, type ResubmitResult } from "./resubmit-form";
import { notFoundWhenMissing } from "@/app/_lib/not-found";

const spendLabel = { reserved: "Reserved on", committed: "Committed on", released: "Released from" } as const;

export function RequisitionDetail({ requisitionId }: { requisitionId: string }) {
  const trpc = useTRPC();
  const justSubmitted = useSearchParams().get("submitted") === "1";
  // Kept here, not in the form: once resubmitted the form is gone but the buyer should still see what happened.
  const [resubmitted, setResubmitted] = useState<ResubmitResult | null>(null);
  const query = useQuery({
    ...trpc.requisitions.get.queryOptions({ requisitionId }),
    // While an order is on its way to a supplier or moving through its statuses, keep the page current.
    refetchInterval: (q) =>
      q.state.data?.supplierOrders.some((o) => o.state === "queued" || (o.state === "placed" && !FINAL_SUPPLIER_STATUSES.includes(o.supplierStatus ?? "")))
        ? 3000
        : false,
  });
  const me = useQuery(trpc.me.get.queryOptions());
  if (query.isPending) return <p className="text-slate-600">Loading requisition…</p>;
  if (query.error) {
    notFoundWhenMissing(query.error);
    return <Alert>{query.error.message}</Alert>;
  }
  const r = query.data;
  const label = `REQ-${r.number}`;
  const isBuyer = me.data?.roles.includes("buyer") ?? false;
  const handlesInvoices = me.data?.roles.some((role) => role === "accounts_payable" || role === "admin") ?? false;

  return (
    <>
      <PageTitle
        aside={
          <div className="flex flex-wrap items-center gap-2">
            <span data-testid="requisition-status">
              <RequisitionStatus status={r.status} />
            </span>
            {isBuyer ? <ReorderButton requisitionId={r.id} label={label} variant="secondary" /> : null}
          </div>
        }
      >
        {label}
      </PageTitle>
      {justSubmitted ? (
        <div className="mb-4">
          <Alert tone={r.status === "pending_approval" ? "amber" : "green"} title="Requisition submitted">
            {r.approvalReason}
          </Alert>
        </div>
      ) : null}
      {resubmitted ? <Resubmitted label={label} result={resubmitted} /> : null}
      {r.status === "rejected" ? (
        <div className="mb-4">
          <Alert title={`Rejected by ${r.decidedByName ?? "an approver"} on ${formatDateTime(r.decidedAt)}`}>
            <span data-testid="rejection-reason">{r.rejectionReason}</span>
            {r.canResubmit ? <span className="mt-1 block">You can change it and resubmit below.</span> : null}
          </Alert>
        </div>
      ) : null}
      {r.status === "returned" ? (
        <div className="mb-4">
          <Alert tone="amber" title="Back with you before ordering">
            <p>It was approved, but these changed at the supplier before it was ordered, so nothing was ordered and its budget is free again:</p>
            <ul data-testid="returned-changes" className="mt-1 list-disc pl-5">
              {(r.returnedChanges ?? []).map((c, i) => (
                <li key={i}>{describeChange(c)}</li>
              ))}
            </ul>
            {r.canResubmit ? <p className="mt-1">Check the lines and resubmit below, or leave it as it is.</p> : null}
          </Alert>
        </div>
      ) : null}
      {r.canWithdraw ? (
        <Card className="mb-4">
          <p className="mb-2 text-sm text-slate-600">{label} is still waiting for approval. You can still withdraw it.</p>
          <WithdrawRequisition requisitionId={r.id} label={label} />
        </Card>
      ) : null}
      {r.canDecide ? (
        <Card className="mb-4">
          <h2 className="mb-2 font-medium">Your decision</h2>
          <DecisionButtons requisitionId={r.id} label={label} />
        </Card>
      ) : null}
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <div className="min-w-0 space-y-4">
          <ApprovalChain chain={r.chain} status={r.status} />
          {r.supplierOrders.map((o) => (
            <Card key={o.id}>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h2 className="font-medium">{o.supplierName}</h2>
                <span data-testid="supplier-order-state">
                  <SupplierOrderState state={o.state} supplierStatus={o.supplierStatus} supplierName={o.supplierName} />
                </span>
              </div>
              {o.supplierOrderRef ? (
                <p className="mt-1 text-sm text-slate-600">
                  {o.supplierName} order{" "}
                  <span className="font-mono" data-testid="supplier-order-ref">
                    {o.supplierOrderRef}
                  </span>
                  {o.statusCheckedAt ? ` · status checked ${formatDateTime(o.statusCheckedAt)}` : ""}
                </p>
              ) : null}
              {o.state === "placed" && o.waitingOn ? (
                <p className="mt-1 text-sm text-amber-900" data-testid="supplier-order-waiting-on">
                  {o.waitingOn}
                </p>
              ) : null}
              {o.state === "placed" && o.declined ? (
                <div className="mt-2" data-testid="supplier-order-declined">
                  <Alert title={`Declined at ${o.supplierName}`}>
                    {o.declined.comment ? `“${o.declined.comment}”` : `${o.supplierName} gave no comment.`} Nothing of it will be delivered, and the budget it
                    held is free again.
                  </Alert>
                </div>
              ) : null}
              {o.fromQuote ? (
                <p className="mt-1 text-sm text-slate-600" data-testid="supplier-order-from-quote">
                  At the prices of quote{" "}
                  <Link href={`/quotes/${o.fromQuote.id}`} className="font-medium text-brand-700 hover:underline">
                    {o.fromQuote.label}
                  </Link>
                </p>
              ) : null}
              {o.failure ? (
                <div className="mt-2">
                  <Alert title={`${o.supplierName} refused this order`}>{o.failure.message}</Alert>
                </div>
              ) : null}
              {o.sending?.lastError ? (
                <div className="mt-2">
                  <Alert tone="amber" title={`Still trying to reach ${o.supplierName}`}>
                    Attempt {o.sending.attempts} did not get through ({o.sending.lastError}). The order is kept and will be sent again automatically, never
                    twice.
                  </Alert>
                </div>
              ) : null}
              <table className="mt-3 w-full text-sm">
                <thead>
                  <tr className="text-left text-slate-500">
                    <th className="font-normal">Item</th>
                    <th className="text-right font-normal">Qty</th>
                    <th className="text-right font-normal">Unit</th>
                    <th className="text-right font-normal">Total</th>
                  </tr>
                </thead>
                <tbody>
                  {o.lines.map((l) => {
                    // A line an approver took out stays visible, struck through, with the approver's reason.
                    const out = l.rejectedReason ? "text-slate-500 line-through" : "";
                    return (
                      <tr key={l.id} className="border-t border-slate-100 align-top">
                        <td className="py-1.5 [overflow-wrap:anywhere]">
                          <span className={out}>{l.name}</span>
                          <span className="block text-xs text-slate-500">{l.itemCode}</span>
                          {l.rejectedReason ? (
                            <span className="block text-xs text-red-700" data-testid="line-rejected-reason">
                              Rejected by approver: {l.rejectedReason}
                            </span>
                          ) : null}
                        </td>
                        <td className={`py-1.5 pl-2 text-right ${out}`}>{l.quantity}</td>
                        <td className={`py-1.5 pl-2 text-right whitespace-nowrap ${out}`}>
                          <Amount value={l.unitPrice} />
                        </td>
                        <td className={`py-1.5 pl-2 text-right whitespace-nowrap ${out}`}>
                          <Amount value={l.lineTotal} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <dl className="mt-2 space-y-0.5 text-right text-sm">
                <div>
                  <dt className="inline text-slate-500">Subtotal </dt>
                  <dd className="inline">
                    <Amount value={o.subtotal} />
                  </dd>
                </div>
                {o.tax ? (
                  <div>
                    <dt className="inline text-slate-500">Tax </dt>
                    <dd className="inline">
                      <Amount value={o.tax} />
                    </dd>
                  </div>
                ) : null}
                {o.shipping ? (
                  <div>
                    <dt className="inline text-slate-500">Shipping </dt>
                    <dd className="inline">
                      <Amount value={o.shipping} />
                    </dd>
                  </div>
                ) : null}
                {o.supplierTotal ? (
                  <div className="font-medium">
                    <dt className="inline">Supplier total </dt>
                    <dd className="inline">
                      <Amount value={o.supplierTotal} />
                    </dd>
                  </div>
                ) : (
                  <div className="font-medium">
                    <dt className="inline">Expected total </dt>
                    <dd className="inline">
                      <Amount value={o.expected} />
                    </dd>
                  </div>
                )}
              </dl>
              {o.supplierTotal ? null : (
                <div className="mt-1 text-right text-sm">
                  <ExpectedExtras supplierName={o.supplierName} estimatedTax={o.estimatedTax} estimatedShipping={o.estimatedShipping} />
                </div>
              )}
              {o.finalDifference ? (
                <p className="mt-1 text-right text-sm font-medium text-amber-900" data-testid="supplier-total-differs">
                  {o.finalDifference}
                </p>
              ) : null}
              {o.spend ? (
                <p className="mt-2 text-sm text-slate-600" data-testid="supplier-order-spend">
                  {spendLabel[o.spend.state]} {r.costCenter.code}: <Amount value={o.spend.amount} />
                  {o.spend.state === "released" && o.spend.releaseReason ? ` (${o.spend.releaseReason})` : ""}
                </p>
              ) : null}
              <PurchaseOrderPanel order={o} />
              {o.state === "placed" ? (
                <>
                  <ReceivingPanel supplierOrderId={o.id} />
                  <MatchPanel supplierOrderId={o.id} />
                  {handlesInvoices ? <OrderInvoiceFiles supplierOrderId={o.id} /> : null}
                </>
              ) : null}
              {o.shipments.length ? <Shipments supplierName={o.supplierName} shipments={o.shipments} /> : null}
              {o.canCancel ? (
                <div className="mt-2">
                  <CancelSupplierOrder supplierOrderId={o.id} supplierName={o.supplierName} />
                </div>
              ) : null}
              <p className="mt-2 text-xs text-slate-500" data-testid="supplier-order-ship-to">
                Ship to {o.shipTo.label}: {addressLines(o.shipTo).join(", ")}
              </p>
            </Card>
          ))}
          {r.canResubmit ? <ResubmitForm key={`${r.id}-${r.revision}`} requisition={r} onResubmitted={setResubmitted} /> : null}
        </div>
        <div className="min-w-0 space-y-4 [overflow-wrap:anywhere]">
          <Card>
            <dl className="space-y-2 text-sm">
              <div>
                <dt className="text-slate-500">Requested by</dt>
                <dd>{r.requester.name}</dd>
              </div>
              <div>
                <dt className="text-slate-500">Submitted</dt>
                <dd>{formatDateTime(r.submittedAt)}</dd>
              </div>
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
              <div>
                <dt className="text-slate-500">PO number</dt>
                <dd>{r.poNumber || "—"}</dd>
              </div>
              {r.neededBy ? (
                <div data-testid="requisition-needed-by">
                  <dt className="text-slate-500">Needed by</dt>
                  <dd className="font-medium">{formatDay(r.neededBy)}</dd>
                  {r.supplierOrders.map((o) => (
                    <dd key={o.id} className="text-xs text-slate-600">
                      {o.neededBySent
                        ? `Sent to ${o.supplierName} with the order.`
                        : `${o.supplierName}'s API takes no date: it is kept here, so tell ${o.supplierName} if it matters.`}
                    </dd>
                  ))}
                </div>
              ) : null}
              {r.note ? (
                <div>
                  <dt className="text-slate-500">Note</dt>
                  <dd className="whitespace-pre-wrap">{r.note}</dd>
                </div>
              ) : null}
              <div>
                <dt className="text-slate-500">Expected total</dt>
                <dd className="text-lg font-semibold" data-testid="requisition-total">
                  <Amount value={r.total} />
                </dd>
                <dd className="text-xs text-slate-500">Lines with each supplier&apos;s tax and shipping, as approved and reserved</dd>
              </div>
              <div>
                <dt className="text-slate-500">Approval</dt>
                <dd>{r.approvalReason}</dd>
              </div>
              {r.revision > 1 ? (
                <div>
                  <dt className="text-slate-500">Revision</dt>
                  <dd>{r.revision}</dd>
                </div>
              ) : null}
            </dl>
          </Card>
          {r.previousRevisions.length ? (
            <Card>
              <h2 className="font-medium">Earlier revisions</h2>
              <ul className="mt-2 space-y-1 text-sm" data-testid="earlier-revisions">
                {r.previousRevisions.map((p) => (
                  <li key={p.revision} className="flex flex-wrap justify-between gap-x-2">
                    <span>
                      Revision {p.revision} · {p.lines} {p.lines === 1 ? "line" : "lines"}
                    </span>
                    <Amount value={p.total} />
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
          <RequisitionHistory history={r.history} />
        </div>
      </div>
    </>
  );
}

type Shipment = RouterOutputs["requisitions"]["get"]["supplierOrders"][number]["shipments"][number];

const formatDate = (value: Date | string | null) => (value ? new Intl.DateTimeFormat("en-US", { dateStyle: "medium" }).format(new Date(value)) : null);
/** The supplier's own shipment status in words: "InTransit" -> "In transit". */
const shipmentStatus = (status: string) => {
  const words = status
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/_/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** Carrier and tracking per shipment, as the supplier last reported them (only suppliers with a shipments API have any). */
function Shipments({ supplierName, shipments }: { supplierName: string; shipments: Shipment[] }) {
  return (
    <section className="mt-3 border-t border-slate-100 pt-2" data-testid="shipments" aria-label={`Shipments from ${supplierName}`}>
      <h3 className="text-sm font-medium">Shipments</h3>
      <ul className="mt-1 space-y-2 text-sm">
        {shipments.map((s) => {
          const shipped = formatDate(s.shippedAt);
          const due = formatDate(s.estimatedDeliveryAt);
          return (
            <li key={s.id} data-testid="shipment" className="min-w-0 [overflow-wrap:anywhere]">
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <span className="font-medium" data-testid="shipment-carrier">
                  {s.carrierName ?? "Carrier not given"}
                </span>
                {s.trackingNumber ? (
                  <span className="font-mono" data-testid="shipment-tracking-number">
                    {s.trackingNumber}
                  </span>
                ) : (
                  <span className="text-slate-500">No tracking number yet</span>
                )}
                <Badge tone={s.status === "Delivered" ? "green" : "blue"}>{shipmentStatus(s.status)}</Badge>
                {s.trackingUrl ? (
                  <a
                    href={s.trackingUrl}
                    target="_blank"
                    rel="noopener noreferrer"
                    className="inline-flex min-h-11 items-center font-medium text-brand-700 hover:underline"
                    data-testid="shipment-track"
                  >
                    Track
                    <span className="sr-only">
                      {" "}
                      {s.carrierName ?? ""} {s.trackingNumber ?? ""} (opens in a new tab)
                    </span>
                  </a>
                ) : null}
              </div>
              {shipped || due ? (
                <p className="text-xs text-slate-500">
                  {shipped ? <span data-testid="shipment-shipped">Shipped {shipped}</span> : null}
                  {shipped && due ? " · " : null}
                  {due ? <span data-testid="shipment-estimated-delivery">Estimated delivery {due}</span> : null}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** What the resubmission led to, shown where the buyer looks first; focused so it is announced and scrolled into view. */
function Resubmitted({ label, result }: { label: string; result: ResubmitResult }) {
  const ref = useRef<HTMLDivElement>(null);
  // Once, on arrival: the page keeps refreshing and must not pull focus back here each time.
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="mb-4 outline-none" tabIndex={-1} ref={ref} data-testid="resubmitted">
      <Alert tone={isPastApproval(result.status) ? "green" : "amber"} title={`${label} resubmitted as revision ${result.revision}`}>
        <span className="flex flex-wrap items-center gap-2">
          Now: <RequisitionStatus status={result.status} />
        </span>
        <span className="mt-1 block">{result.approvalReason}</span>
      </Alert>
    </div>
  );
}
