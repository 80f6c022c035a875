"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ConfirmWithReason } from "@/app/_components/confirm-with-reason";
import { Alert } from "@/app/_components/ui";
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
  const withdraw = useMutation(trpc.requisitions.withdraw.mutationOptions({ onSettled: refresh }));
  if (withdraw.isSuccess) return <Alert tone="green">{label} withdrawn. Nothing will be ordered, and its budget is free again.</Alert>;
  return (
    <ConfirmWithReason
      opener="Withdraw…"
      onOpenChange={() => withdraw.reset()}
      label={`Why are you withdrawing ${label}? (optional; shown in its history)`}
      required={false}
      // The server's limit for a withdrawal's reason (requisitions.schema.ts).
      maxLength={300}
      confirmLabel={`Withdraw ${label}`}
      keepLabel="Keep it"
      onConfirm={(reason) => withdraw.mutate({ requisitionId, reason })}
      pending={withdraw.isPending}
      error={withdraw.error}
    />
  );
}

/** Cancels one supplier's order at the supplier; the other suppliers' orders of the requisition go on. */
export function CancelSupplierOrder({ supplierOrderId, supplierName }: { supplierOrderId: string; supplierName: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshRequisitions();
  const cancel = useMutation(trpc.requisitions.cancelSupplierOrder.mutationOptions({ onSettled: refresh }));
  if (cancel.isSuccess) {
    return (
      <Alert tone={cancel.data.outcome === "done" ? "green" : "blue"}>
        {cancel.data.outcome !== "done"
          ? cancel.data.message
          : cancel.data.supplierStatus === "cancelled"
            ? `${supplierName} cancelled the order; its amount is released from the budget.`
            : `${supplierName} answered: ${cancel.data.supplierStatus}.`}
      </Alert>
    );
  }
  return (
    <ConfirmWithReason
      opener="Cancel this order…"
      onOpenChange={() => cancel.reset()}
      label={`Reason for cancelling the ${supplierName} order (shown in the requisition's history)`}
      required
      // The server's limits for a cancellation's reason (requisitions.schema.ts).
      minLength={3}
      maxLength={300}
      confirmLabel={`Cancel the ${supplierName} order`}
      keepLabel="Keep it"
      onConfirm={(reason) => cancel.mutate({ supplierOrderId, reason })}
      pending={cancel.isPending}
      error={cancel.error}
    />
  );
}
