"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { CharacterCountdown } from "@/app/_components/character-countdown";
import { ConfirmWithReason } from "@/app/_components/confirm-with-reason";
import { controlClass, errorElsewhere, errorFor, TableScroll, TextField, type FieldErrorSource } from "@/app/_components/forms";
import { quantityInputProps } from "@/app/_components/quantity-input";
import { Alert, Badge, Button, formatDay } from "@/app/_components/ui";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";
import { DELIVERY_NOTE_MAX_LENGTH, RECEIPT_REASON_MAX_LENGTH } from "@/common/receiving";
import { quantityFromText } from "@/server/domain/quantities";

type Receiving = RouterOutputs["receiving"]["forOrder"];

/** Today where the person is (the loading dock's day), as a date input wants it. */
const localToday = () => new Date().toLocaleDateString("en-CA");
/** An empty box is nothing of that line; anything else is read as typed, and the server says why it refuses. */
const typedQuantity = (text: string) => (text.trim() === "" ? 0 : quantityFromText(text));

function useRefreshAfterReceipt() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: trpc.receiving.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.matching.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.requisitions.pathKey() });
  };
}

/**
 * What arrived of one supplier order, per line, and recording it at the dock: "Receive", then "Everything arrived" saves
 * what is still outstanding in one more tap; "Some of it" opens a form per line for a partial or rejected delivery.
 */
export function ReceivingPanel({ supplierOrderId }: { supplierOrderId: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.receiving.forOrder.queryOptions({ supplierOrderId }));
  const [mode, setMode] = useState<"closed" | "choose" | "lines">("closed");
  const [saved, setSaved] = useState<string | null>(null);
  const refresh = useRefreshAfterReceipt();
  const everything = useMutation(
    trpc.receiving.record.mutationOptions({
      onSuccess: () => {
        setSaved("Received: everything that was outstanding.");
        setMode("closed");
      },
      onSettled: refresh,
    }),
  );
  if (query.isPending || query.error) return null;
  const r = query.data;
  const outstanding = r.lines.filter((l) => l.outstanding > 0).length;

  return (
    <section className="mt-3 rounded-md border border-slate-200 p-3" aria-label={`Receiving from ${r.supplierName}`} data-testid="receiving">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-medium">Receiving</h3>
        <span data-testid="receiving-state">
          {r.fullyReceived ? (
            <Badge tone="green">Received</Badge>
          ) : r.receipts.length ? (
            <Badge tone="blue">{`${outstanding} of ${r.lines.length} lines outstanding`}</Badge>
          ) : (
            <Badge tone="gray">Nothing received yet</Badge>
          )}
        </span>
      </div>
      <TableScroll label={`What arrived from ${r.supplierName}`}>
        <table className="mt-2 w-full text-sm" data-testid="receiving-lines">
          <thead>
            <tr className="text-left text-slate-500">
              <th className="font-normal">Item</th>
              <th className="pl-2 text-right font-normal">Ordered</th>
              <th className="pl-2 text-right font-normal">Received</th>
              <th className="pl-2 text-right font-normal">Outstanding</th>
            </tr>
          </thead>
          <tbody>
            {r.lines.map((l) => (
              <tr key={l.lineId} className="border-t border-slate-100 align-top" data-testid="receiving-line">
                <td className="py-1.5 [overflow-wrap:anywhere]">
                  {l.name}
                  <span className="block text-xs text-slate-500">{l.itemCode}</span>
                </td>
                <td className="py-1.5 pl-2 text-right">{l.ordered}</td>
                <td className="py-1.5 pl-2 text-right" data-testid="line-received">
                  {l.accepted}
                  {l.rejected > 0 ? <span className="block text-xs text-red-700">{l.rejected} rejected</span> : null}
                </td>
                <td className={`py-1.5 pl-2 text-right ${l.outstanding > 0 ? "font-medium" : "text-slate-500"}`} data-testid="line-outstanding">
                  {l.outstanding}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {saved ? (
        <div className="mt-2">
          <Alert tone="green">{saved}</Alert>
        </div>
      ) : null}
      {r.canReceive && mode === "closed" ? (
        <div className="mt-2">
          <Button
            onClick={() => {
              setSaved(null);
              everything.reset();
              setMode("choose");
            }}
          >
            Receive
          </Button>
        </div>
      ) : null}
      {r.canReceive && mode === "choose" ? (
        <div className="mt-2 flex flex-wrap gap-2" role="group" aria-label="What arrived">
          <Button
            disabled={everything.isPending}
            onClick={() => everything.mutate({ supplierOrderId, receivedOn: localToday(), deliveryNoteNumber: "", everything: true })}
          >
            {everything.isPending ? "Saving…" : "Everything arrived"}
          </Button>
          <Button variant="secondary" onClick={() => setMode("lines")}>
            Some of it, or damaged
          </Button>
          <Button variant="secondary" onClick={() => setMode("closed")}>
            Not now
          </Button>
          {everything.error ? (
            <div className="w-full">
              <Alert>{everything.error.message}</Alert>
            </div>
          ) : null}
        </div>
      ) : null}
      {r.canReceive && mode === "lines" ? (
        <ReceiptForm
          receiving={r}
          onDone={(message) => {
            setSaved(message);
            setMode("closed");
          }}
          onCancel={() => setMode("closed")}
        />
      ) : null}
      {r.receipts.length ? <Receipts receiving={r} /> : null}
    </section>
  );
}

interface LineEntry {
  received: string;
  rejected: string;
  rejectionReason: string;
  overReceiptReason: string;
}

const LINE_FIELDS = ["quantityReceived", "quantityRejected", "rejectionReason", "overReceiptReason"] as const;

function ReceiptForm({ receiving, onDone, onCancel }: { receiving: Receiving; onDone: (message: string) => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshAfterReceipt();
  const [receivedOn, setReceivedOn] = useState(localToday);
  const [deliveryNote, setDeliveryNote] = useState("");
  const [entries, setEntries] = useState<LineEntry[]>(() =>
    receiving.lines.map((l) => ({ received: l.outstanding > 0 ? String(l.outstanding) : "", rejected: "", rejectionReason: "", overReceiptReason: "" })),
  );
  const record = useMutation(
    trpc.receiving.record.mutationOptions({
      onSuccess: (result) => onDone(result.fullyReceived ? "Receipt saved: everything is received." : "Receipt saved."),
      onSettled: refresh,
    }),
  );
  const error: FieldErrorSource = record.error;
  const fields = ["receivedOn", "deliveryNoteNumber", "lines", ...receiving.lines.flatMap((_, i) => LINE_FIELDS.map((f) => `lines.${i}.${f}`))];
  const set = (index: number, change: Partial<LineEntry>) => setEntries((all) => all.map((e, i) => (i === index ? { ...e, ...change } : e)));
  const lineError = (index: number, field: (typeof LINE_FIELDS)[number]) => errorFor(error, `lines.${index}.${field}`);
  const elsewhere = errorFor(error, "lines") ?? errorElsewhere(error, fields);

  return (
    <form
      className="mt-3 space-y-3"
      aria-label="What arrived, line by line"
      onSubmit={(e) => {
        e.preventDefault();
        record.mutate({
          supplierOrderId: receiving.supplierOrderId,
          receivedOn,
          deliveryNoteNumber: deliveryNote,
          lines: receiving.lines.map((l, i) => ({
            lineId: l.lineId,
            quantityReceived: typedQuantity(entries[i]!.received),
            quantityRejected: typedQuantity(entries[i]!.rejected),
            rejectionReason: entries[i]!.rejectionReason,
            overReceiptReason: entries[i]!.overReceiptReason,
          })),
        });
      }}
    >
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <TextField label="Date received" type="date" value={receivedOn} onChange={(e) => setReceivedOn(e.target.value)} error={errorFor(error, "receivedOn")} />
        <TextField
          label="Delivery note number (optional)"
          value={deliveryNote}
          onChange={(e) => setDeliveryNote(e.target.value)}
          error={errorFor(error, "deliveryNoteNumber")}
          hint={<CharacterCountdown length={deliveryNote.length} limit={DELIVERY_NOTE_MAX_LENGTH} />}
        />
      </div>
      {receiving.lines.map((l, i) => {
        const entry = entries[i]!;
        const received = typedQuantity(entry.received);
        const rejected = typedQuantity(entry.rejected);
        // The same sum the server checks (server/domain/receipts.ts), only to show the reason box before it is asked for.
        const keepsExtra = l.accepted + (received || 0) - (rejected || 0) > l.ordered;
        return (
          <fieldset key={l.lineId} className="rounded-md border border-slate-200 p-2" data-testid="receipt-line">
            <legend className="px-1 text-sm font-medium [overflow-wrap:anywhere]">
              {l.name} <span className="text-xs font-normal text-slate-500">· {l.outstanding} outstanding</span>
            </legend>
            <div className="grid grid-cols-2 gap-2">
              <LineQuantity
                label={`Received of ${l.name}`}
                shortLabel="Arrived"
                value={entry.received}
                onChange={(v) => set(i, { received: v })}
                error={lineError(i, "quantityReceived")}
              />
              <LineQuantity
                label={`Rejected of ${l.name}`}
                shortLabel="Rejected"
                value={entry.rejected}
                onChange={(v) => set(i, { rejected: v })}
                error={lineError(i, "quantityRejected")}
              />
            </div>
            {rejected > 0 || lineError(i, "rejectionReason") ? (
              <ReasonField
                label={`Why were they rejected? (${l.name})`}
                value={entry.rejectionReason}
                onChange={(v) => set(i, { rejectionReason: v })}
                error={lineError(i, "rejectionReason")}
              />
            ) : null}
            {keepsExtra || lineError(i, "overReceiptReason") ? (
              <ReasonField
                label={`Why keep more than ordered? (${l.name})`}
                value={entry.overReceiptReason}
                onChange={(v) => set(i, { overReceiptReason: v })}
                error={lineError(i, "overReceiptReason")}
              />
            ) : null}
          </fieldset>
        );
      })}
      {elsewhere ? <Alert>{elsewhere}</Alert> : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={record.isPending}>
          {record.isPending ? "Saving…" : "Save receipt"}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function LineQuantity({
  label,
  shortLabel,
  value,
  onChange,
  error,
}: {
  label: string;
  shortLabel: string;
  value: string;
  onChange: (v: string) => void;
  error: string | null;
}) {
  return (
    <label className="block text-sm">
      <span className="text-slate-600">{shortLabel}</span>
      <input
        {...quantityInputProps}
        aria-label={label}
        aria-invalid={!!error}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className={`mt-1 ${controlClass}`}
      />
      {error ? <span className="mt-1 block text-sm text-red-700">{error}</span> : null}
    </label>
  );
}

function ReasonField({ label, value, onChange, error }: { label: string; value: string; onChange: (v: string) => void; error: string | null }) {
  return (
    <div className="mt-2">
      <TextField
        label={label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        error={error}
        hint={<CharacterCountdown length={value.length} limit={RECEIPT_REASON_MAX_LENGTH} />}
      />
    </div>
  );
}

function Receipts({ receiving }: { receiving: Receiving }) {
  return (
    <details className="mt-3">
      <summary className="cursor-pointer text-sm font-medium">{`Receipts (${receiving.receipts.length})`}</summary>
      <ul className="mt-2 space-y-2 text-sm" data-testid="receipts">
        {receiving.receipts.map((receipt) => (
          <li key={receipt.id} className="rounded-md bg-slate-50 p-2" data-testid="receipt">
            <p>
              {receipt.reversesReceiptId ? "Reversal" : "Received"} {formatDay(receipt.receivedOn)} by {receipt.receivedByName}
              {receipt.deliveryNoteNumber ? ` · delivery note ${receipt.deliveryNoteNumber}` : ""}
              {receipt.reversed ? (
                <>
                  {" "}
                  <Badge tone="gray">Reversed</Badge>
                </>
              ) : null}
            </p>
            {receipt.reason ? <p className="text-slate-600">Why: {receipt.reason}</p> : null}
            <ul className="text-slate-600">
              {receipt.lines.map((l, i) => (
                <li key={i}>
                  {l.quantityReceived} × {l.name}
                  {l.quantityRejected ? `, ${l.quantityRejected} rejected (${l.rejectionReason ?? ""})` : ""}
                  {l.overReceiptReason ? `; kept extra: ${l.overReceiptReason}` : ""}
                </li>
              ))}
            </ul>
            {receiving.canReverse && !receipt.reversed && !receipt.reversesReceiptId ? <ReverseReceipt receiptId={receipt.id} /> : null}
          </li>
        ))}
      </ul>
    </details>
  );
}

function ReverseReceipt({ receiptId }: { receiptId: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshAfterReceipt();
  const reverse = useMutation(trpc.receiving.reverse.mutationOptions({ onSettled: refresh }));
  return (
    <div className="mt-1">
      <ConfirmWithReason
        opener="Reverse this receipt…"
        onOpenChange={() => reverse.reset()}
        label="Why is this receipt wrong? (kept with the reversal)"
        required
        minLength={3}
        maxLength={RECEIPT_REASON_MAX_LENGTH}
        confirmLabel="Reverse the receipt"
        keepLabel="Keep it"
        onConfirm={(reason) => reverse.mutate({ receiptId, reason })}
        pending={reverse.isPending}
        error={reverse.error}
      />
    </div>
  );
}
