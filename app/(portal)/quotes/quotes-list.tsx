"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Alert, Amount, Badge, ButtonLink, Card, formatDateTime, PageTitle } from "@/app/_components/ui";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";

type QuoteStatusValue = RouterOutputs["quotes"]["get"]["status"];

const quoteStatus: Record<QuoteStatusValue, [string, "gray" | "blue" | "green" | "amber" | "red"]> = {
  requested: ["Requested: waiting for the supplier", "amber"],
  offered: ["Quote received", "blue"],
  accepted: ["In a requisition", "blue"],
  ordered: ["Ordered", "green"],
  declined: ["Declined", "gray"],
  cancelled: ["Cancelled by the supplier", "red"],
  expired: ["Expired", "gray"],
  closed: ["Closed", "gray"],
};

export function QuoteStatus({ status }: { status: QuoteStatusValue }) {
  const [label, tone] = quoteStatus[status] ?? [status, "gray"];
  return (
    <span data-testid="quote-status" data-status={status}>
      <Badge tone={tone}>{label}</Badge>
    </span>
  );
}

export const formatDate = (value: Date | string | null) => (value ? new Intl.DateTimeFormat("en-US", { dateStyle: "medium" }).format(new Date(value)) : "");

export function QuotesList() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const list = useQuery({ ...trpc.quotes.list.queryOptions(), staleTime: 0 });
  if (list.isPending) return <p className="text-slate-600">Loading quotes…</p>;
  if (list.error) return <Alert>{list.error.message}</Alert>;
  const { quotes, stale } = list.data;
  const myId = me.data?.id;

  return (
    <>
      <PageTitle>Quotes</PageTitle>
      {stale > 0 ? (
        <p className="mb-3 text-sm text-slate-500" data-testid="quotes-stale">
          {stale === 1 ? "One quote's status" : `${stale} quotes' statuses`} could not be checked with the supplier just now;{" "}
          {stale === 1 ? "it shows" : "they show"} the last known status.
        </p>
      ) : null}
      {quotes.length === 0 ? (
        <Card>
          <p>No quotes yet.</p>
          <p className="mt-1 text-sm text-slate-600">
            To ask a supplier for a quote, put its items in your cart and choose &ldquo;Ask for a quote&rdquo; there.
          </p>
          <ButtonLink href="/cart" variant="secondary" className="mt-3">
            Go to the cart
          </ButtonLink>
        </Card>
      ) : (
        <ul className="space-y-2" data-testid="quote-list">
          {quotes.map((q) => {
            const total = q.quotedSubtotal ?? q.listSubtotal;
            const open = q.status === "requested" || q.status === "offered";
            return (
              <li key={q.id}>
                <Link href={`/quotes/${q.id}`} className="block rounded-lg border border-slate-200 bg-white p-3 hover:border-brand-600">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <span className="font-medium text-brand-700">{q.label}</span>
                    <QuoteStatus status={q.status} />
                  </div>
                  <div className="mt-1 flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
                    <span className="min-w-0 [overflow-wrap:anywhere]">
                      {q.supplier.name} · {q.lines.length} {q.lines.length === 1 ? "line" : "lines"} · asked {formatDate(q.createdAt)}
                      {myId && q.requesterId !== myId ? ` · ${q.requesterName}` : ""}
                    </span>
                    <span className="text-right">
                      <span className="mr-1 text-xs">{q.quotedSubtotal ? "Quoted" : "List"}</span>
                      <Amount value={total} className="font-medium text-slate-900" />
                    </span>
                  </div>
                  {q.expiresAt && open ? <p className="mt-1 text-xs text-slate-500">Valid until {formatDateTime(q.expiresAt)}</p> : null}
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
