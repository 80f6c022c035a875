"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Alert, Badge, Button, Card, PageTitle, formatDateTime } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";

const stateTone = { sent: "green", pending: "blue", failed: "red" } as const;
const stateWords = { sent: "Sent", pending: "Waiting to send", failed: "Refused" } as const;

/** Per order, each push to Hypatos with whether it went, the last error, and a retry for a refused one. */
export function HypatosPushes() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [onlyFailed, setOnlyFailed] = useState(false);
  const [page, setPage] = useState(1);
  const list = useQuery(trpc.accountsPayable.pushes.queryOptions({ onlyFailed, page, pageSize: 25 }));
  const retry = useMutation(
    trpc.accountsPayable.retryPush.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.accountsPayable.pathKey() }) }),
  );
  return (
    <>
      <PageTitle>Accounts payable</PageTitle>
      <p className="mb-3 text-slate-700">
        Every placed order goes to Hypatos as a purchase order, every receipt as a goods receipt, and every change after it, so invoices can be matched there
        too.
      </p>
      <label className="mb-3 inline-flex min-h-11 items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={onlyFailed}
          onChange={(e) => {
            setOnlyFailed(e.target.checked);
            setPage(1);
          }}
        />
        Only what Hypatos refused
      </label>
      {list.error ? <Alert>{list.error.message}</Alert> : null}
      {retry.error ? <Alert>{retry.error.message}</Alert> : null}
      {list.data?.orders.length === 0 ? <p className="text-sm text-slate-600">Nothing was sent to Hypatos{onlyFailed ? " and refused" : ""} yet.</p> : null}
      <ul className="space-y-3">
        {list.data?.orders.map((o) => (
          <li key={o.supplierOrderId}>
            <Card>
              <h2 className="font-medium">
                <Link className="text-brand-700 hover:underline" href={`/requisitions/${o.requisitionId}`}>
                  {o.label}
                </Link>{" "}
                · {o.supplierName}
              </h2>
              <ul className="mt-2 divide-y divide-slate-100 text-sm">
                {o.pushes.map((p) => (
                  <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 py-1.5" data-testid="hypatos-push">
                    <span>
                      {p.what} · <Badge tone={stateTone[p.state]}>{stateWords[p.state]}</Badge>
                      <span className="block text-xs text-slate-500">
                        {p.sentAt ? `Sent ${formatDateTime(p.sentAt)}` : `Queued ${formatDateTime(p.queuedAt)}`}
                        {p.attempts > 1 ? ` after ${p.attempts} attempts` : ""}
                      </span>
                      {p.lastError ? <span className="block text-red-800">{p.lastError}</span> : null}
                    </span>
                    {p.state === "failed" ? (
                      <Button variant="secondary" disabled={retry.isPending} onClick={() => retry.mutate({ pushId: p.id })}>
                        Send again
                      </Button>
                    ) : null}
                  </li>
                ))}
              </ul>
            </Card>
          </li>
        ))}
      </ul>
      <div className="mt-3 flex gap-2">
        <Button variant="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
          Newer
        </Button>
        <Button variant="secondary" disabled={(list.data?.orders.length ?? 0) < 25} onClick={() => setPage(page + 1)}>
          Older
        </Button>
      </div>
    </>
  );
}
