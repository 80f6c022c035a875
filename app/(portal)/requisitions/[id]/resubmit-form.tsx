"use client";

import { CharacterCountdown } from "@/app/_components/character-countdown";
import { quantityInputProps } from "@/app/_components/quantity-input";
import { NOTE_MAX_LENGTH } from "@/common/requisitions";
import { quantityFromText } from "@/server/domain/quantities";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorElsewhere, errorFor, Field, inputClass, TextAreaField, TextField } from "@/app/_components/forms";
import { Alert, Amount, Button, Card } from "@/app/_components/ui";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";

type Requisition = RouterOutputs["requisitions"]["get"];
export type ResubmitResult = RouterOutputs["requisitions"]["resubmit"];

/** An empty box is not "0": let the server say a quantity is missing instead of silently dropping the line. */
const toQuantity = quantityFromText;

/**
 * After a rejection or a return the requester changes quantities, cost center,
 * PO number or note and sends it again; the server re-prices it and starts a
 * fresh chain. The result is handed up because this form disappears once the
 * requisition is no longer resubmittable.
 */
export function ResubmitForm({ requisition: r, onResubmitted }: { requisition: Requisition; onResubmitted: (result: ResubmitResult) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const label = `REQ-${r.number}`;
  const centers = useQuery(trpc.costCenters.chargeable.queryOptions());
  const lines = r.supplierOrders.flatMap((o) => o.lines.map((l) => ({ ...l, supplierName: o.supplierName })));
  // A line an approver took out starts at 0; the requester can still ask for it again.
  const [quantities, setQuantities] = useState<Record<string, string>>(() =>
    Object.fromEntries(lines.map((l) => [l.id, l.rejectedReason ? "0" : String(l.quantity)])),
  );
  const [costCenterChoice, setCostCenterChoice] = useState<string | null>(null);
  const [poNumber, setPoNumber] = useState(r.poNumber ?? "");
  const [note, setNote] = useState(r.note ?? "");
  const resubmit = useMutation(
    trpc.requisitions.resubmit.mutationOptions({
      onSuccess: onResubmitted,
      onSettled: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.requisitions.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.costCenters.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.approvals.pathKey() });
      },
    }),
  );
  const error = resubmit.error;

  // The requisition only names its cost center by code; it is preselected when the buyer may still charge it.
  const current = centers.data?.find((c) => c.code === r.costCenter.code);
  const costCenterId = costCenterChoice ?? current?.id ?? "";
  const chosen = centers.data?.find((c) => c.id === costCenterId);
  const linesError = error?.data?.field === "lines" ? errorFor(error, "lines") : null;

  return (
    <Card>
      <form
        noValidate
        aria-labelledby="resubmit-heading"
        onSubmit={(e) => {
          e.preventDefault();
          resubmit.mutate({
            requisitionId: r.id,
            lines: lines.map((l) => ({ lineId: l.id, quantity: toQuantity(quantities[l.id] ?? "") })),
            costCenterId,
            poNumber,
            note,
          });
        }}
      >
        <h2 id="resubmit-heading" className="font-medium">
          Edit and resubmit
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Resubmitting makes this revision {r.revision + 1}. It is priced again at today&apos;s prices and approved afresh under your company&apos;s current
          approval policy; revision {r.revision} stays on record.
        </p>

        <fieldset className="mt-4">
          <legend className="text-sm font-medium">Lines (0 leaves a line out)</legend>
          {linesError ? (
            <p className="mt-1 text-sm text-red-700" role="alert">
              {linesError}
            </p>
          ) : null}
          <ul className="mt-2 divide-y divide-slate-100">
            {lines.map((l, i) => (
              <li key={l.id} className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 py-3">
                <div className="min-w-0 flex-1 text-sm [overflow-wrap:anywhere]">
                  <p className="font-medium">{l.name}</p>
                  <p className="text-xs text-slate-500">
                    {l.itemCode} · {l.supplierName} · was {l.quantity} × <Amount value={l.unitPrice} />
                  </p>
                  {l.rejectedReason ? (
                    <p className="mt-1 text-xs text-red-700">Taken out by an approver: {l.rejectedReason}. Enter a quantity to ask for it again.</p>
                  ) : null}
                </div>
                <Field label={`Quantity of ${l.itemCode}`} error={errorFor(error, `lines.${i}`)} className="w-36 shrink-0">
                  {(control) => (
                    <input
                      {...control}
                      {...quantityInputProps}
                      value={quantities[l.id] ?? ""}
                      onChange={(e) => setQuantities((q) => ({ ...q, [l.id]: e.target.value }))}
                      className={inputClass}
                    />
                  )}
                </Field>
              </li>
            ))}
          </ul>
        </fieldset>

        <div className="mt-4 grid grid-cols-1 gap-4 sm:grid-cols-2">
          <Field
            label="Cost center"
            error={errorFor(error, "costCenterId")}
            hint={
              centers.error ? (
                centers.error.message
              ) : centers.data && !current ? (
                `You may no longer charge ${r.costCenter.code}; choose another cost center.`
              ) : chosen?.budget ? (
                <>
                  {chosen.code} · {chosen.budget.periodLabel} budget <Amount value={chosen.budget.budget} />: <Amount value={chosen.budget.remaining} /> left
                </>
              ) : chosen ? (
                `${chosen.code} has no budget set for this period.`
              ) : null
            }
          >
            {(control) => (
              <select
                {...control}
                value={costCenterId}
                onChange={(e) => setCostCenterChoice(e.target.value)}
                disabled={centers.isPending}
                className={`${inputClass} px-2`}
              >
                <option value="" disabled>
                  {centers.isPending ? "Loading your cost centers…" : "Choose a cost center"}
                </option>
                {centers.data?.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.code} · {c.name}
                    {c.isDefault ? " (your default)" : ""}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <TextField
            label="PO number"
            value={poNumber}
            onChange={(e) => setPoNumber(e.target.value)}
            autoComplete="off"
            maxLength={40}
            error={errorFor(error, "poNumber")}
          />
          <TextAreaField
            label="Note for the approver and supplier (optional)"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            hint={<CharacterCountdown length={note.length} limit={NOTE_MAX_LENGTH} />}
            className="sm:col-span-2"
            error={errorFor(error, "note")}
          />
        </div>

        {errorElsewhere(error, ["lines", "costCenterId", "poNumber", "note"]) ? (
          <div className="mt-4">
            <Alert>{errorElsewhere(error, ["lines", "costCenterId", "poNumber", "note"])}</Alert>
          </div>
        ) : null}
        {/* Until the buyer's cost centers are loaded the preselected one is not known yet, and a resubmit would send none. */}
        <Button type="submit" className="mt-4 w-full sm:w-auto" disabled={resubmit.isPending || centers.isPending}>
          Resubmit {label}
        </Button>
        {resubmit.isPending ? (
          <p className="mt-2 text-sm text-slate-600" role="status">
            Checking today&apos;s prices with the supplier…
          </p>
        ) : null}
      </form>
    </Card>
  );
}
