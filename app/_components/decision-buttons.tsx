"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmWithReason } from "@/app/_components/confirm-with-reason";
import { errorFor, TextField } from "@/app/_components/forms";
import { Alert, Amount, Button } from "@/app/_components/ui";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";
import type { Money } from "@/server/domain/money";

export type DecisionOutcome = RouterOutputs["approvals"]["approve"]["outcome"];

/** A line of the requisition as the approver sees it; `rejectedReason` is set when an earlier step took it out. */
export interface DecisionLine {
  id: string;
  itemCode: string;
  name: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
  rejectedReason: string | null;
}

const outcomeTone = { approved: "green", waiting: "green", returned: "amber", rejected: "amber" } as const;

/**
 * Approve, or reject with a required reason: the same controls in the inbox and on the requisition page.
 * Given `lines`, the approver can also take single lines out and approve the rest.
 */
export function DecisionButtons({
  requisitionId,
  label,
  onDecided,
  lines,
}: {
  requisitionId: string;
  label: string;
  onDecided?: (message: string, outcome: DecisionOutcome) => void;
  lines?: DecisionLine[];
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [rejecting, setRejecting] = useState(false);
  // Lines marked to be taken out, with the reason the requester will read.
  const [lineReasons, setLineReasons] = useState<Record<string, string>>({});
  const done = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.approvals.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.requisitions.pathKey() });
  };
  const decided = (result: { message: string; outcome: DecisionOutcome }) => onDecided?.(result.message, result.outcome);
  const approve = useMutation(trpc.approvals.approve.mutationOptions({ onSuccess: decided, onSettled: done }));
  const reject = useMutation(trpc.approvals.reject.mutationOptions({ onSuccess: decided, onSettled: done }));

  const openLines = (lines ?? []).filter((l) => l.rejectedReason === null);
  // Same order as the lines, so the server's "rejectedLines.<i>" errors can be put back beside line i.
  const rejectedLines = openLines.filter((l) => l.id in lineReasons).map((l) => ({ lineId: l.id, reason: lineReasons[l.id]! }));
  const lineErrorIndex = /^rejectedLines\.(\d+)/.exec(approve.error?.data?.field ?? "")?.[1];
  const lineWithError = lineErrorIndex === undefined ? undefined : rejectedLines[Number(lineErrorIndex)]?.lineId;
  const lineError = lineWithError ? errorFor(approve.error, `rejectedLines.${lineErrorIndex}`) : null;
  // The reject form shows its own errors.
  const approveError = approve.error && !lineError ? approve.error.message : null;

  const result = approve.data ?? reject.data;
  if (result) return <Alert tone={outcomeTone[result.outcome]}>{result.message}</Alert>;

  const toggleLine = (lineId: string, on: boolean) => {
    approve.reset();
    setLineReasons((current) => {
      const next = { ...current };
      if (on) next[lineId] = "";
      else delete next[lineId];
      return next;
    });
  };
  // The server rejects the whole requisition when every open line is taken out; the button says so beforehand.
  const everyLine = openLines.length > 0 && rejectedLines.length === openLines.length;
  const approveText = everyLine ? `Reject every line of ${label}` : rejectedLines.length > 0 ? `Approve the rest of ${label}` : `Approve ${label}`;

  return (
    <div className="space-y-3">
      {/* The decision first, the lines (each of which can be taken out) after: on a phone, Approve is on the first screen however many lines there are. */}
      <ConfirmWithReason
        open={rejecting}
        onOpenChange={(open) => {
          reject.reset();
          setRejecting(open);
        }}
        opener="Reject…"
        label={`Reason for rejecting ${label} (the requester sees this)`}
        required
        // The server's limits for a rejection's reason (approvals.schema.ts).
        minLength={3}
        maxLength={1000}
        confirmLabel={`Reject ${label}`}
        keepLabel="Cancel"
        onConfirm={(reason) => reject.mutate({ requisitionId, reason })}
        pending={reject.isPending}
        error={reject.error}
      >
        {(rejectButton) => (
          <>
            {everyLine ? (
              <p className="text-sm text-amber-800">Every line is marked: this rejects {label}, and the requester sees each line&apos;s reason.</p>
            ) : null}
            {/* Two columns on a phone: Approve is one tap, and neither button wraps off screen. */}
            <div className="grid grid-cols-[2fr_1fr] gap-2 sm:flex sm:flex-wrap">
              <Button
                variant={everyLine ? "danger" : "primary"}
                onClick={() => approve.mutate({ requisitionId, rejectedLines })}
                disabled={approve.isPending}
                className="text-center"
              >
                {approveText}
              </Button>
              {rejectButton}
            </div>
          </>
        )}
      </ConfirmWithReason>
      {approveError ? <Alert>{approveError}</Alert> : null}
      {lines && lines.length > 0 ? (
        <ul aria-label="Lines" className="divide-y divide-slate-100 border-y border-slate-100 text-sm">
          {lines.map((l) => {
            const marked = l.id in lineReasons;
            return (
              <li key={l.id} className="py-2">
                <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
                  <p className={`min-w-0 break-words ${l.rejectedReason !== null || marked ? "text-slate-500 line-through" : ""}`}>
                    {l.quantity} × {l.name} <span className="text-xs text-slate-500">{l.itemCode}</span>
                    <span className="text-xs text-slate-500">
                      {" "}
                      at <Amount value={l.unitPrice} />
                    </span>
                  </p>
                  <Amount value={l.lineTotal} className={l.rejectedReason !== null || marked ? "text-slate-500 line-through" : ""} />
                </div>
                {l.rejectedReason !== null ? (
                  <p className="mt-1 text-red-800" data-testid="rejected-line">
                    Taken out at an earlier step: {l.rejectedReason}
                  </p>
                ) : rejecting ? null : marked ? (
                  <div className="mt-2 space-y-2">
                    <TextField
                      label={`Reason for rejecting ${l.itemCode}`}
                      hint="The requester sees this. The rest of the requisition goes on."
                      value={lineReasons[l.id]}
                      onChange={(e) => setLineReasons((current) => ({ ...current, [l.id]: e.target.value }))}
                      error={l.id === lineWithError ? lineError : null}
                      autoFocus
                    />
                    <Button type="button" variant="secondary" onClick={() => toggleLine(l.id, false)}>
                      Keep this line<span className="sr-only"> {l.itemCode}</span>
                    </Button>
                  </div>
                ) : (
                  <Button type="button" variant="ghost" className="-ml-4 mt-1" onClick={() => toggleLine(l.id, true)}>
                    Reject this line…<span className="sr-only"> {l.itemCode}</span>
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
