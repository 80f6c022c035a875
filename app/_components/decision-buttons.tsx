"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert, Button } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";

/** Approve, or reject with a required reason: the same controls in the inbox and on the requisition page. */
export function DecisionButtons({ requisitionId, label, onDecided }: { requisitionId: string; label: string; onDecided?: (message: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const done = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.approvals.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.requisitions.pathKey() });
  };
  const approvedText = `${label} approved. The order goes to the supplier now.`;
  const rejectedText = `${label} rejected. The requester sees your reason.`;
  const approve = useMutation(trpc.approvals.approve.mutationOptions({ onSuccess: () => onDecided?.(approvedText), onSettled: done }));
  const reject = useMutation(trpc.approvals.reject.mutationOptions({ onSuccess: () => onDecided?.(rejectedText), onSettled: done }));
  const error = approve.error ?? reject.error;

  if (approve.isSuccess) return <Alert tone="green">{approvedText}</Alert>;
  if (reject.isSuccess) return <Alert tone="amber">{rejectedText}</Alert>;
  return (
    <div className="space-y-2">
      {rejecting ? (
        <form
          noValidate
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            reject.mutate({ requisitionId, reason });
          }}
        >
          <label className="block text-sm">
            <span className="font-medium">Reason for rejecting {label} (the requester sees this)</span>
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={3} required className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2" />
          </label>
          <div className="flex gap-2">
            <Button type="submit" variant="danger" disabled={reject.isPending}>Reject {label}</Button>
            <Button type="button" variant="secondary" onClick={() => setRejecting(false)}>Cancel</Button>
          </div>
        </form>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button onClick={() => approve.mutate({ requisitionId })} disabled={approve.isPending}>Approve {label}</Button>
          <Button variant="secondary" onClick={() => setRejecting(true)}>Reject…</Button>
        </div>
      )}
      {error ? <Alert>{error.message}</Alert> : null}
    </div>
  );
}
