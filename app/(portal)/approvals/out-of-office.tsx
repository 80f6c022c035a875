"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorElsewhere, errorFor, Field, inputClass, TextField } from "@/app/_components/forms";
import { Alert, Badge, Button, Card } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";

const FIELDS = ["delegateId", "startsOn", "endsOn", "note"] as const;

/**
 * Today as the date input wants it, in UTC: the server counts out-of-office
 * days midnight to midnight UTC (there is no company time zone yet), and a
 * local "today" west of UTC would be refused as already past in the evening.
 */
function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Who gets this approver's approvals while they are away, and whose approvals they get. */
export function OutOfOffice() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const delegations = useQuery(trpc.approvals.delegations.queryOptions());
  const [delegateId, setDelegateId] = useState("");
  const [startsOn, setStartsOn] = useState(today);
  const [endsOn, setEndsOn] = useState("");
  const [note, setNote] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  // The inbox changes too: items of someone who now stands in for you stay yours as well, and ended stand-ins drop out.
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.approvals.pathKey() });

  const set = useMutation(
    trpc.approvals.setDelegation.mutationOptions({
      onSuccess: (created, input) => {
        setNotice(`${created.delegateName} stands in for you from ${input.startsOn} to ${input.endsOn}.`);
        setDelegateId("");
        setEndsOn("");
        setNote("");
      },
      onSettled: refresh,
    }),
  );
  const revoke = useMutation(
    trpc.approvals.revokeDelegation.mutationOptions({
      onSuccess: () => setNotice("Delegation ended. Your approvals come only to you again."),
      onSettled: refresh,
    }),
  );

  // Admins who are not approvers also decide here (fallback, escalations) but have no approvals to hand over.
  if (delegations.error?.data?.code === "FORBIDDEN") return null;

  return (
    <Card>
      <h2 className="text-lg font-semibold tracking-tight">Out of office</h2>
      <p className="text-sm text-slate-600">While you are away, someone else can approve in your place. Your inbox stays yours as well.</p>
      {notice ? (
        <div className="mt-3">
          <Alert tone="green">{notice}</Alert>
        </div>
      ) : null}
      {delegations.isPending ? <p className="mt-3 text-sm text-slate-600">Loading…</p> : null}
      {delegations.error ? (
        <div className="mt-3">
          <Alert>{delegations.error.message}</Alert>
        </div>
      ) : null}

      {delegations.data && delegations.data.mine.length > 0 ? (
        <ul className="mt-3 space-y-2" aria-label="Who stands in for you">
          {delegations.data.mine.map((d) => (
            <li key={d.id} className="rounded-md border border-slate-200 p-3 text-sm">
              <p className="break-words">
                <span className="font-medium">{d.delegateName}</span> stands in for you from {d.firstDay} to {d.lastDay}
                {d.inForce ? (
                  <>
                    {" "}
                    <Badge tone="green">In force now</Badge>
                  </>
                ) : null}
              </p>
              {d.note ? <p className="mt-1 break-words text-slate-600">Note: {d.note}</p> : null}
              <Button type="button" variant="secondary" className="mt-2" disabled={revoke.isPending} onClick={() => revoke.mutate({ delegationId: d.id })}>
                End<span className="sr-only"> delegation to {d.delegateName}</span>
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      {revoke.error ? (
        <div className="mt-3">
          <Alert>{revoke.error.message}</Alert>
        </div>
      ) : null}

      {delegations.data && delegations.data.standingInFor.length > 0 ? (
        <ul className="mt-3 space-y-2" aria-label="Whom you stand in for">
          {delegations.data.standingInFor.map((d) => (
            <li key={d.id} className="rounded-md border border-blue-200 bg-blue-50 p-3 text-sm text-blue-900">
              <p className="break-words">
                You stand in for <span className="font-medium">{d.approverName}</span> until {d.lastDay}
                {d.inForce ? null : ` (from ${d.firstDay})`}
              </p>
              {d.note ? <p className="mt-1 break-words">Note: {d.note}</p> : null}
            </li>
          ))}
        </ul>
      ) : null}

      {delegations.data ? (
        <form
          noValidate
          className="mt-4 space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            setNotice(null);
            set.mutate({ delegateId, startsOn, endsOn, note });
          }}
        >
          <Field label="Who stands in for you" error={errorFor(set.error, "delegateId")}>
            {(control) => (
              <select {...control} value={delegateId} onChange={(e) => setDelegateId(e.target.value)} className={`${inputClass} text-base`}>
                <option value="">Choose an approver</option>
                {delegations.data.candidates.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-1">
            <TextField
              label="First day away"
              type="date"
              value={startsOn}
              min={today()}
              onChange={(e) => setStartsOn(e.target.value)}
              error={errorFor(set.error, "startsOn")}
            />
            <TextField
              label="Last day away"
              type="date"
              value={endsOn}
              min={startsOn || today()}
              onChange={(e) => setEndsOn(e.target.value)}
              error={errorFor(set.error, "endsOn")}
            />
            <p className="text-xs text-slate-500">Days run from midnight to midnight UTC.</p>
          </div>
          <TextField
            label="Note (optional)"
            value={note}
            maxLength={300}
            onChange={(e) => setNote(e.target.value)}
            error={errorFor(set.error, "note")}
            hint="The person standing in sees it, e.g. what to watch out for."
          />
          {errorElsewhere(set.error, FIELDS) ? <Alert>{errorElsewhere(set.error, FIELDS)}</Alert> : null}
          <Button type="submit" disabled={set.isPending} className="w-full sm:w-auto">
            Set out of office
          </Button>
        </form>
      ) : null}
    </Card>
  );
}
