"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ConfirmWithReason } from "@/app/_components/confirm-with-reason";
import { TableScroll } from "@/app/_components/forms";
import { Alert, Amount, Badge } from "@/app/_components/ui";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";
import { MATCH_NOTE_MAX_LENGTH } from "@/common/receiving";

type Match = RouterOutputs["matching"]["forOrder"];
type Standing = Match["standing"];

/** Where an order's invoices stand against what was approved and received, as people read it. */
export const matchStandingLabel: Record<Standing, string> = {
  matched: "Matched",
  quantity_mismatch: "Quantity mismatch",
  price_mismatch: "Price mismatch",
  not_yet_received: "Not yet received",
  not_yet_invoiced: "Not yet invoiced",
  accepted: "Mismatch accepted",
  disputed: "Disputed",
};

const standingTone: Record<Standing, "green" | "red" | "amber" | "gray" | "blue"> = {
  matched: "green",
  accepted: "green",
  quantity_mismatch: "red",
  price_mismatch: "red",
  disputed: "amber",
  not_yet_received: "gray",
  not_yet_invoiced: "gray",
};

export function MatchStanding({ standing }: { standing: Standing }) {
  return <Badge tone={standingTone[standing]}>{matchStandingLabel[standing]}</Badge>;
}

const isMismatch = (state: string) => state === "quantity_mismatch" || state === "price_mismatch";

/** The mismatched lines with their figures: what was approved and received against what was invoiced. */
export function MatchLines({ lines, label }: { lines: Match["lines"]; label: string }) {
  return (
    <TableScroll label={label}>
      <table className="mt-2 w-full text-sm">
        <thead>
          <tr className="text-left text-slate-500">
            <th className="font-normal">Item</th>
            <th className="pl-2 text-right font-normal">Approved</th>
            <th className="pl-2 text-right font-normal">Received</th>
            <th className="pl-2 text-right font-normal">Invoiced</th>
            <th className="pl-2 text-right font-normal">Difference</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => {
            const off = isMismatch(l.state);
            return (
              <tr
                key={l.lineId}
                className={`border-t border-slate-100 align-top ${off ? "bg-red-50" : ""}`}
                data-testid={off ? "match-line-mismatch" : "match-line"}
              >
                <td className="py-1.5 [overflow-wrap:anywhere]">
                  {l.name}
                  <span className="block text-xs text-slate-500">{matchStandingLabel[l.state]}</span>
                </td>
                <td className="py-1.5 pl-2 text-right whitespace-nowrap">
                  {l.ordered} × <Amount value={l.approvedUnitPrice} />
                </td>
                <td className={`py-1.5 pl-2 text-right ${l.state === "quantity_mismatch" ? "font-medium text-red-800" : ""}`}>{l.received}</td>
                <td className="py-1.5 pl-2 text-right whitespace-nowrap">
                  {l.invoicedQuantity}
                  {l.invoicedQuantity ? (
                    <span className="block text-xs">
                      <Amount value={l.invoicedAmount} />
                    </span>
                  ) : null}
                </td>
                <td className="py-1.5 pl-2 text-right whitespace-nowrap">
                  {l.quantityDifference > 0 ? <span className="block font-medium text-red-800">{`${l.quantityDifference} not received`}</span> : null}
                  {l.invoicedQuantity && l.priceDifference.amount !== 0 ? (
                    <span className={`block ${l.state === "price_mismatch" ? "font-medium text-red-800" : "text-slate-600"}`}>
                      {l.priceDifference.amount > 0 ? "+" : ""}
                      <Amount value={l.priceDifference} />
                    </span>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The three-way match of one order on its requisition page, with accept and dispute for those who decide. */
export function MatchPanel({ supplierOrderId }: { supplierOrderId: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.matching.forOrder.queryOptions({ supplierOrderId }));
  if (query.isPending || query.error) return null;
  const m = query.data;
  // Nothing to match before anything was received or invoiced.
  if (m.invoices.length === 0 && m.lines.every((l) => l.received === 0)) return null;
  const pct = (m.tolerance.bp / 100).toLocaleString("en-US", { maximumFractionDigits: 2 });
  return (
    <section className="mt-3 rounded-md border border-slate-200 p-3" aria-label={`Invoice match for ${m.supplierName}`} data-testid="match">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-medium">Invoice match</h3>
        <span data-testid="match-standing">
          <MatchStanding standing={m.standing} />
        </span>
      </div>
      <p className="mt-1 text-sm text-slate-600">
        {m.invoices.length
          ? `${m.invoices.length === 1 ? "Invoice" : "Invoices"} ${m.invoices.map((i) => i.number).join(", ")}: `
          : "No invoice from the supplier yet."}
        {m.invoiced ? <Amount value={m.invoiced} /> : null}
        {m.invoices.length ? (
          <>
            {` · prices match within ${pct}% or `}
            <Amount value={m.tolerance.amount} />
            {", whichever is less"}
          </>
        ) : null}
      </p>
      {m.invoices.length ? <MatchLines lines={m.lines} label={`Invoice match for ${m.supplierName}`} /> : null}
      {m.unlinked.length ? (
        <div className="mt-2">
          <Alert tone="amber" title="Invoiced but not on the order">
            <ul>
              {m.unlinked.map((l, i) => (
                <li key={i}>
                  {l.quantity} × {l.description}: <Amount value={l.amount} />
                </li>
              ))}
            </ul>
          </Alert>
        </div>
      ) : null}
      {m.review ? (
        <p className="mt-2 text-sm text-slate-700" data-testid="match-review">
          {m.review.decision === "accepted" ? "Accepted" : "Disputed"} by {m.review.decidedByName}: {m.review.reason}
          {m.review.stands ? "" : " (before the latest invoice or receipt)"}
        </p>
      ) : null}
      {m.canDecide || m.canAcceptDisputed ? <MatchDecision supplierOrderId={supplierOrderId} canDispute={m.canDecide} /> : null}
    </section>
  );
}

function MatchDecision({ supplierOrderId, canDispute }: { supplierOrderId: string; canDispute: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.matching.pathKey() });
  const accept = useMutation(trpc.matching.accept.mutationOptions({ onSettled: refresh }));
  const dispute = useMutation(trpc.matching.dispute.mutationOptions({ onSettled: refresh }));
  return (
    <div className="mt-2 flex flex-wrap gap-2">
      <ConfirmWithReason
        opener="Accept the difference…"
        onOpenChange={() => accept.reset()}
        label="Why is the difference acceptable? (kept in the audit log)"
        required
        minLength={3}
        maxLength={MATCH_NOTE_MAX_LENGTH}
        confirmLabel="Accept and commit the invoiced amount"
        keepLabel="Not now"
        onConfirm={(reason) => accept.mutate({ supplierOrderId, reason })}
        pending={accept.isPending}
        error={accept.error}
      />
      {canDispute ? (
        <ConfirmWithReason
          opener="Dispute…"
          onOpenChange={() => dispute.reset()}
          label="What is wrong with the invoice? (the requester is told)"
          required
          minLength={3}
          maxLength={MATCH_NOTE_MAX_LENGTH}
          confirmLabel="Dispute the invoice"
          keepLabel="Not now"
          onConfirm={(note) => dispute.mutate({ supplierOrderId, note })}
          pending={dispute.isPending}
          error={dispute.error}
        />
      ) : null}
    </div>
  );
}
