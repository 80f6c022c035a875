"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert, Button } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";

function useRefreshRequisitions() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: trpc.requisitions.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.costCenters.pathKey() });
  };
}

/** The requester takes back a requisition nobody has decided yet; its budget reservation is released. */
export function WithdrawRequisition({ requisitionId, label }: { requisitionId: string; label: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshRequisitions();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState("");
  const withdraw = useMutation(trpc.requisitions.withdraw.mutationOptions({ onSettled: refresh }));
  if (withdraw.isSuccess) return <Alert tone="green">{label} withdrawn. Nothing will be ordered, and its budget is free again.</Alert>;
  return confirming ? (
    <form
      noValidate
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        withdraw.mutate({ requisitionId, reason });
      }}
    >
      <label className="block text-sm">
        <span className="font-medium">Why are you withdrawing {label}? (optional)</span>
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={300}
          className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-3"
        />
      </label>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="danger" disabled={withdraw.isPending}>
          Withdraw {label}
        </Button>
        <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
          Keep it
        </Button>
      </div>
      {withdraw.error ? <Alert>{withdraw.error.message}</Alert> : null}
    </form>
  ) : (
    <Button variant="secondary" onClick={() => setConfirming(true)}>
      Withdraw…
    </Button>
  );
}

/** Cancels one supplier's order at the supplier; the other suppliers' orders of the requisition go on. */
export function CancelSupplierOrder({ supplierOrderId, supplierName }: { supplierOrderId: string; supplierName: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshRequisitions();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState("");
  const cancel = useMutation(trpc.requisitions.cancelSupplierOrder.mutationOptions({ onSettled: refresh }));
  if (cancel.isSuccess) {
    return (
      <Alert tone="green">
        {cancel.data.supplierStatus === "cancelled"
          ? `${supplierName} cancelled the order; its amount is released from the budget.`
          : `${supplierName} answered: ${cancel.data.supplierStatus}.`}
      </Alert>
    );
  }
  return confirming ? (
    <form
      noValidate
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        cancel.mutate({ supplierOrderId, reason });
      }}
    >
      <label className="block text-sm">
        <span className="font-medium">Reason for cancelling the {supplierName} order</span>
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={300}
          required
          className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-3"
        />
      </label>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="danger" disabled={cancel.isPending}>
          Cancel the {supplierName} order
        </Button>
        <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
          Keep it
        </Button>
      </div>
      {cancel.error ? <Alert>{cancel.error.message}</Alert> : null}
    </form>
  ) : (
    <Button variant="secondary" onClick={() => setConfirming(true)}>
      Cancel this order…
    </Button>
  );
}
