"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import Link from "next/link";
import { DecisionButtons } from "@/app/_components/decision-buttons";
import { Alert, Amount, Badge, Card, formatDateTime, PageTitle } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";

function age(submittedAt: Date): string {
  const hours = Math.floor((Date.now() - new Date(submittedAt).getTime()) / 3_600_000);
  if (hours < 1) return "less than an hour";
  if (hours < 48) return `${hours} hour${hours === 1 ? "" : "s"}`;
  return `${Math.floor(hours / 24)} days`;
}

export function ApprovalInbox() {
  const trpc = useTRPC();
  const inbox = useQuery({ ...trpc.approvals.inbox.queryOptions(), refetchInterval: 30_000 });
  // A decided requisition leaves the list; what was done stays said at the top.
  const [notice, setNotice] = useState<string | null>(null);
  if (inbox.isPending) return <p className="text-slate-600">Loading your inbox…</p>;
  if (inbox.error) return <Alert>{inbox.error.message}</Alert>;
  return (
    <>
      <PageTitle>Approvals</PageTitle>
      {notice ? <div className="mb-4"><Alert tone="green">{notice}</Alert></div> : null}
      {inbox.data.length === 0 ? (
        <Card><p>Nothing is waiting for you.</p></Card>
      ) : (
        <ul className="space-y-4" data-testid="approval-inbox">
          {inbox.data.map((r) => (
            <li key={r.id}>
              <Card>
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <Link href={`/requisitions/${r.id}`} className="text-lg font-medium text-brand-700 hover:underline">REQ-{r.number}</Link>
                  <Amount value={r.total} className="text-lg font-semibold" />
                </div>
                <p className="text-sm text-slate-600">
                  {r.requesterName} · {r.costCenterCode} {r.costCenterName} · {r.suppliers.join(", ")} · PO {r.poNumber || "—"} · waiting {age(r.submittedAt)} (since {formatDateTime(r.submittedAt)})
                </p>
                <p className="mt-1 text-sm text-amber-800">{r.approvalReason}</p>
                {r.budget ? (
                  <p className="mt-1 text-sm" data-testid="inbox-budget">
                    {r.costCenterCode} {r.budget.periodLabel} budget <Amount value={r.budget.budget} />: leaves{" "}
                    <Amount value={r.budget.leavesAfterThis} className={r.budget.leavesAfterThis.amount < 0 ? "font-medium text-red-700" : "font-medium"} /> with this order
                    {r.overBudget ? <> <Badge tone="amber">Over budget</Badge></> : null}
                  </p>
                ) : (
                  <p className="mt-1 text-sm text-slate-500">{r.costCenterCode} has no budget set for this period.</p>
                )}
                {r.note ? <p className="mt-1 text-sm">Note: {r.note}</p> : null}
                <table className="mt-3 w-full text-sm">
                  <tbody>
                    {r.lines.map((l) => (
                      <tr key={l.id} className="border-t border-slate-100">
                        <td className="py-1">{l.quantity} × {l.name} <span className="text-xs text-slate-500">{l.itemCode}</span></td>
                        <td className="text-right"><Amount value={l.lineTotal} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <div className="mt-3">
                  <DecisionButtons requisitionId={r.id} label={`REQ-${r.number}`} onDecided={setNotice} />
                </div>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
