"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { ConfirmWithReason } from "@/app/_components/confirm-with-reason";
import { Alert, Amount, Badge, Button, Card, formatDateTime } from "@/app/_components/ui";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";

type Queue = RouterOutputs["supplierApprovals"]["list"]["suppliers"][number];
type Entry = Queue["approvals"][number];

function waitingFor(since: Date): string {
  const hours = Math.floor((Date.now() - new Date(since).getTime()) / 3_600_000);
  if (hours < 1) return "less than an hour";
  if (hours < 48) return `${hours} hour${hours === 1 ? "" : "s"}`;
  return `${Math.floor(hours / 24)} days`;
}

/**
 * Orders a supplier holds for its own approval (Hygrade: over the account's
 * limit), decided here so approvers need not log in at each supplier.
 */
export function SupplierApprovals() {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.supplierApprovals.list.queryOptions(), refetchInterval: 60_000 });
  // A decided order leaves the list; what was done stays said above it.
  const [notice, setNotice] = useState<string | null>(null);
  const queues = list.data?.suppliers ?? [];
  const waiting = queues.reduce((n, q) => n + q.approvals.length, 0);

  return (
    <section aria-labelledby="supplier-approvals-title" className="mt-8 space-y-4" data-testid="supplier-approvals">
      <div>
        <h2 id="supplier-approvals-title" className="text-xl font-semibold tracking-tight">
          Waiting at the supplier
        </h2>
        <p className="text-sm text-slate-600">Orders already sent that a supplier holds until someone here approves them there.</p>
      </div>
      {notice ? <Alert tone="green">{notice}</Alert> : null}
      {list.isPending ? <p className="text-slate-600">Asking your suppliers…</p> : null}
      {list.error ? <Alert title="Could not load the supplier approvals">{list.error.message}</Alert> : null}
      {queues.map((q) =>
        q.error ? (
          <Alert key={`${q.connectionId}-error`} title={`${q.supplierName} could not be asked`}>
            {q.error} Orders waiting there are not shown until it answers.
          </Alert>
        ) : q.unreadable > 0 ? (
          <Alert key={`${q.connectionId}-unreadable`} tone="amber" title={`${q.supplierName}: list incomplete`}>
            {q.unreadable} approval{q.unreadable === 1 ? "" : "s"} from {q.supplierName} could not be read and {q.unreadable === 1 ? "is" : "are"} not shown.
            Check at {q.supplierName}.
          </Alert>
        ) : null,
      )}
      {list.data && waiting === 0 && !queues.some((q) => q.error) ? (
        <Card>
          <p>No orders are waiting at your suppliers.</p>
        </Card>
      ) : null}
      {waiting > 0 ? (
        <ul className="space-y-4" aria-label="Orders waiting at the supplier">
          {queues.flatMap((q) =>
            q.approvals.map((a) => <SupplierApprovalItem key={`${q.connectionId}-${a.approvalId}`} queue={q} entry={a} onDecided={setNotice} />),
          )}
        </ul>
      ) : null}
    </section>
  );
}

function SupplierApprovalItem({ queue, entry, onDecided }: { queue: Queue; entry: Entry; onDecided: (message: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const titleId = useId();
  const supplier = queue.supplierName;
  const label = entry.order ? `REQ-${entry.order.requisitionNumber}` : `${supplier} order ${entry.supplierOrderRef}`;
  const done = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.supplierApprovals.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.requisitions.pathKey() });
  };
  const approve = useMutation(
    trpc.supplierApprovals.approve.mutationOptions({
      // Not yet settled (the portal still recording, or the supplier silent): said as it is.
      onSuccess: (result) =>
        onDecided(result.outcome === "done" ? `${label} approved at ${supplier}. ${supplier} goes ahead with the order.` : `${label}: ${result.message}`),
      onSettled: done,
    }),
  );
  const reject = useMutation(
    trpc.supplierApprovals.reject.mutationOptions({
      onSuccess: (result) =>
        onDecided(
          result.outcome !== "done"
            ? `${label}: ${result.message}`
            : `${label} rejected at ${supplier}${result.supplierStatus === "cancelled" ? `; ${supplier} cancelled the order` : ""}. ${supplier} passes your reason on.`,
        ),
      onSettled: done,
    }),
  );
  const busy = approve.isPending || reject.isPending;

  return (
    <li aria-labelledby={titleId}>
      <Card>
        <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
          <h3 id={titleId} className="min-w-0 text-lg font-medium">
            {entry.order ? (
              <Link href={`/requisitions/${entry.order.requisitionId}`} className="inline-flex min-h-11 items-center text-brand-700 hover:underline">
                REQ-{entry.order.requisitionNumber}
              </Link>
            ) : (
              <span className="inline-flex min-h-11 items-center">Not from the portal</span>
            )}
          </h3>
          <Amount value={entry.amount} className="text-lg font-semibold" />
        </div>
        <p className="text-sm text-slate-700">
          <span className="font-medium">{supplier}</span> order <span className="break-all font-mono text-xs">{entry.supplierOrderRef}</span>
          {entry.order ? null : (
            <>
              {" "}
              <Badge tone="amber">Unknown to the portal</Badge>
            </>
          )}
        </p>
        {entry.order ? (
          <p className="text-sm text-slate-600">
            {entry.order.requesterName} · {entry.order.costCenterCode} {entry.order.costCenterName}
          </p>
        ) : (
          <p className="text-sm text-slate-600">
            Placed at {supplier} outside the portal, or by another company on the same {supplier} account.
          </p>
        )}
        <p className="text-sm text-slate-600">
          Waiting {waitingFor(entry.waitingSince)} (since{" "}
          <time dateTime={new Date(entry.waitingSince).toISOString()}>{formatDateTime(entry.waitingSince)}</time>) for {entry.waitingFor} at {supplier}
        </p>

        <div className="mt-3 space-y-2">
          <ConfirmWithReason
            opener={`Reject at ${supplier}…`}
            openerDisabled={busy}
            onOpenChange={() => reject.reset()}
            label={`Reason for rejecting at ${supplier} (${supplier} passes it on)`}
            required
            // The server's limits for a supplier-side rejection's reason (supplier-approvals.schema.ts).
            minLength={3}
            maxLength={500}
            confirmLabel={`Reject at ${supplier}`}
            keepLabel="Keep waiting"
            onConfirm={(reason) => reject.mutate({ connectionId: queue.connectionId, approvalId: entry.approvalId, reason })}
            pending={busy}
            error={reject.error}
          >
            {(rejectButton) => (
              <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap">
                {entry.requestedByYou ? (
                  <p className="text-sm text-slate-600">You requested this order; another approver must approve it.</p>
                ) : (
                  <Button onClick={() => approve.mutate({ connectionId: queue.connectionId, approvalId: entry.approvalId })} disabled={busy}>
                    Approve at {supplier}
                  </Button>
                )}
                {rejectButton}
              </div>
            )}
          </ConfirmWithReason>
          {approve.error ? <Alert>{approve.error.message}</Alert> : null}
        </div>
      </Card>
    </li>
  );
}
