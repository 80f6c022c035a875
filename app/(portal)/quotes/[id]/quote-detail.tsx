"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { CharacterCountdown } from "@/app/_components/character-countdown";
import { ConfirmWithReason } from "@/app/_components/confirm-with-reason";
import { NOTE_MAX_LENGTH } from "@/common/requisitions";
import { errorElsewhere, errorFor, Field, inputClass, TextAreaField, TextField } from "@/app/_components/forms";
import { Alert, Amount, Button, ButtonLink, Card, formatDateTime, PageTitle, RequisitionStatus } from "@/app/_components/ui";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";
import type { Money } from "@/server/domain/money";
import { QuoteStatus } from "../quotes-list";
import { notFoundWhenMissing } from "@/app/_lib/not-found";

type Quote = RouterOutputs["quotes"]["get"];
type QuoteCheckout = NonNullable<Quote["checkout"]>;
type PutBackResult = RouterOutputs["quotes"]["putBackInCart"];

const minus = (a: Money, b: Money): Money => ({ amount: a.amount - b.amount, currency: a.currency });

export function QuoteDetail({ quoteId }: { quoteId: string }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const query = useQuery({ ...trpc.quotes.get.queryOptions({ quoteId }), staleTime: 0 });
  // Kept here: once the lines are back the quote no longer offers it, but the buyer should still see what happened.
  const [putBackResult, setPutBackResult] = useState<PutBackResult | null>(null);
  if (query.isPending) return <p className="text-slate-600">Loading quote…</p>;
  if (query.error) {
    notFoundWhenMissing(query.error);
    return <Alert>{query.error.message}</Alert>;
  }
  const q = query.data;
  const mine = me.data?.id === q.requesterId;
  const isBuyer = !!me.data?.roles.includes("buyer");
  const actsOnIt = mine && isBuyer;
  const savings = q.quotedSubtotal && q.quotedSubtotal.amount < q.listSubtotal.amount ? minus(q.listSubtotal, q.quotedSubtotal) : null;

  return (
    <div className="min-w-0 [overflow-wrap:anywhere]">
      <PageTitle aside={<QuoteStatus status={q.status} />}>{q.label}</PageTitle>
      <p className="-mt-2 mb-4 text-sm text-slate-600">
        {q.supplier.name} · asked {formatDateTime(q.createdAt)}
        {mine ? "" : ` by ${q.requesterName}`}
      </p>
      {q.refreshError ? (
        <div className="mb-4" data-testid="quote-refresh-error">
          <Alert tone="amber" title={`Could not check with ${q.supplier.name} just now`}>
            {q.refreshError} This page shows what {q.supplier.name} last told us{q.checkedAt ? ` (${formatDateTime(q.checkedAt)})` : ""}.
          </Alert>
        </div>
      ) : null}
      <StatusExplanation quote={q} onRefresh={() => void query.refetch()} refreshing={query.isFetching} />

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-4">
          <Card>
            <h2 className="font-medium">Lines</h2>
            <ul className="mt-2 divide-y divide-slate-100" data-testid="quote-lines">
              {q.lines.map((l) => {
                const lower = l.quotedUnitPrice !== null && l.quotedUnitPrice.amount < l.listUnitPrice.amount;
                const listTotal: Money = { amount: l.listUnitPrice.amount * l.quantity, currency: l.listUnitPrice.currency };
                return (
                  <li
                    key={l.itemCode}
                    className="flex flex-wrap items-start justify-between gap-x-3 gap-y-1 py-2 text-sm"
                    data-testid="quote-line"
                    data-item-code={l.itemCode}
                  >
                    <div className="min-w-0 flex-1 basis-40">
                      <p className="font-medium">{l.name}</p>
                      <p className="text-xs text-slate-500">
                        {l.itemCode} · Qty {l.quantity}
                      </p>
                    </div>
                    <div className="ml-auto text-right">
                      {l.quotedUnitPrice ? (
                        <p>
                          {lower ? (
                            <span className="mr-1.5 text-slate-500 line-through" data-testid="list-price">
                              <span className="sr-only">List price </span>
                              <Amount value={l.listUnitPrice} />
                            </span>
                          ) : null}
                          <span className="font-medium" data-testid="quoted-price">
                            <span className="sr-only">Quoted price </span>
                            <Amount value={l.quotedUnitPrice} />
                          </span>{" "}
                          each
                        </p>
                      ) : (
                        <p>
                          <span data-testid="list-price">
                            <Amount value={l.listUnitPrice} />
                          </span>{" "}
                          each <span className="text-xs text-slate-500">(list)</span>
                        </p>
                      )}
                      <p className="font-medium">
                        <Amount value={l.quotedLineTotal ?? listTotal} />
                      </p>
                      {lower && l.quotedLineTotal ? (
                        <p className="text-xs text-green-700" data-testid="line-savings">
                          You save <Amount value={minus(listTotal, l.quotedLineTotal)} />
                        </p>
                      ) : null}
                    </div>
                  </li>
                );
              })}
            </ul>
            <dl className="mt-2 space-y-0.5 border-t border-slate-200 pt-2 text-right text-sm">
              <div>
                <dt className="inline text-slate-500">List subtotal </dt>
                <dd className={`inline ${q.quotedSubtotal ? "text-slate-500" : "font-medium"}`} data-testid="list-subtotal">
                  <Amount value={q.listSubtotal} />
                </dd>
              </div>
              {q.quotedSubtotal ? (
                <div className="text-base">
                  <dt className="inline">Quoted total </dt>
                  <dd className="inline font-semibold" data-testid="quoted-subtotal">
                    <Amount value={q.quotedSubtotal} />
                  </dd>
                </div>
              ) : null}
              {savings ? (
                <div className="text-green-700">
                  <dt className="inline">You save </dt>
                  <dd className="inline font-medium" data-testid="quote-savings">
                    <Amount value={savings} />
                  </dd>
                </div>
              ) : null}
            </dl>
            <p className="mt-2 text-xs text-slate-500">Tax and shipping are added by {q.supplier.name} when the order is placed.</p>
          </Card>
          {q.checkout && actsOnIt ? <CheckoutQuote quote={q} checkout={q.checkout} /> : null}
        </div>

        <div className="min-w-0 space-y-4">
          <Card>
            <dl className="space-y-2 text-sm">
              <div>
                <dt className="text-slate-500">Supplier</dt>
                <dd>{q.supplier.name}</dd>
              </div>
              <div>
                <dt className="text-slate-500">Asked by</dt>
                <dd>{q.requesterName}</dd>
              </div>
              {q.expiresAt && ["requested", "offered", "accepted", "expired"].includes(q.status) ? (
                <div>
                  <dt className="text-slate-500">{q.status === "expired" ? "Expired" : "Valid until"}</dt>
                  <dd data-testid="quote-expires">{formatDateTime(q.expiresAt)}</dd>
                </div>
              ) : null}
              {q.requisition ? (
                <div>
                  <dt className="text-slate-500">Requisition</dt>
                  <dd className="flex flex-wrap items-center gap-2" data-testid="quote-requisition">
                    <Link href={`/requisitions/${q.requisition.id}`} className="inline-flex min-h-11 items-center font-medium text-brand-700 hover:underline">
                      REQ-{q.requisition.number}
                    </Link>
                    <RequisitionStatus status={q.requisition.status} />
                  </dd>
                </div>
              ) : null}
              {q.note ? (
                <div>
                  <dt className="text-slate-500">Note to {q.supplier.name}</dt>
                  <dd className="whitespace-pre-wrap">{q.note}</dd>
                </div>
              ) : null}
              {q.declineReason ? (
                <div>
                  <dt className="text-slate-500">Declined because</dt>
                  <dd className="whitespace-pre-wrap" data-testid="decline-reason">
                    {q.declineReason}
                  </dd>
                </div>
              ) : null}
            </dl>
          </Card>
          {actsOnIt && (q.canPutBackInCart || putBackResult) ? <PutBackInCart quoteId={q.id} result={putBackResult} onDone={setPutBackResult} /> : null}
          {actsOnIt && q.canDecline ? <DeclineQuote quote={q} /> : null}
        </div>
      </div>
    </div>
  );
}

/** One sentence on where the quote stands and what comes next. */
function StatusExplanation({ quote: q, onRefresh, refreshing }: { quote: Quote; onRefresh: () => void; refreshing: boolean }) {
  const supplier = q.supplier.name;
  switch (q.status) {
    case "requested":
      return (
        <div className="mb-4" data-testid="quote-waiting">
          <Alert tone="blue" title={`Waiting for ${supplier}`}>
            <p>
              {supplier} has your request and will send its prices back. This page asks {supplier} again each time you open it.
            </p>
            <Button type="button" variant="secondary" className="mt-2" onClick={onRefresh} disabled={refreshing}>
              {refreshing ? "Checking…" : "Check again"}
            </Button>
          </Alert>
        </div>
      );
    case "offered":
      return q.canCheckOut ? (
        <div className="mb-4">
          <Alert tone="green" title={`${supplier} sent its prices`}>
            Check the quote out below to order at these prices; it goes through approval like any requisition.
          </Alert>
        </div>
      ) : null;
    case "accepted":
      return (
        <div className="mb-4">
          <Alert tone="blue">
            This quote is in a requisition{q.requisition ? ` (REQ-${q.requisition.number})` : ""}; it is ordered at the quoted prices once approved.
          </Alert>
        </div>
      );
    case "ordered":
      return (
        <div className="mb-4">
          <Alert tone="green">Ordered from {supplier} at the quoted prices.</Alert>
        </div>
      );
    case "declined":
      return (
        <div className="mb-4">
          <Alert tone="blue">You declined this quote.{q.canPutBackInCart ? " You can put its lines back in your cart." : ""}</Alert>
        </div>
      );
    case "expired":
      return (
        <div className="mb-4">
          <Alert tone="amber">This quote has expired.{q.canPutBackInCart ? " You can put its lines back in your cart at today's prices." : ""}</Alert>
        </div>
      );
    case "cancelled":
      return (
        <div className="mb-4">
          <Alert tone="amber">
            {supplier} cancelled this quote.{q.canPutBackInCart ? " You can put its lines back in your cart at today's prices." : ""}
          </Alert>
        </div>
      );
    case "closed":
      return (
        <div className="mb-4">
          <Alert tone="blue">
            {supplier} closed this quote.{q.canPutBackInCart ? " You can put its lines back in your cart at today's prices." : ""}
          </Alert>
        </div>
      );
    default:
      return null;
  }
}

const QUOTE_CHECKOUT_FIELDS = ["costCenterId", "addressId", "poNumber", "note"] as const;

function CheckoutQuote({ quote, checkout }: { quote: Quote; checkout: QuoteCheckout }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const defaultAddress = checkout.addresses.find((a) => a.isDefault) ?? checkout.addresses[0];
  const [costCenterId, setCostCenterId] = useState(checkout.defaultCostCenterId ?? "");
  const [addressId, setAddressId] = useState(defaultAddress?.id ?? "");
  const [noteLength, setNoteLength] = useState(0);
  const submit = useMutation(
    trpc.quotes.checkout.mutationOptions({
      onSuccess: (result) => {
        void queryClient.invalidateQueries({ queryKey: trpc.quotes.get.queryKey({ quoteId: quote.id }) });
        void queryClient.invalidateQueries({ queryKey: trpc.quotes.list.queryKey() });
        router.push(`/requisitions/${result.requisitionId}?submitted=1`);
      },
    }),
  );
  const otherError = errorElsewhere(submit.error, QUOTE_CHECKOUT_FIELDS);
  const noAddresses = checkout.addresses.length === 0;

  return (
    <Card>
      <h2 className="font-medium">Check out this quote</h2>
      <p className="mt-1 text-sm text-slate-600">
        Makes a requisition at the quoted prices
        {quote.quotedSubtotal ? (
          <>
            {" "}
            (<Amount value={quote.quotedSubtotal} />)
          </>
        ) : null}
        . Once approved it is ordered from {quote.supplier.name}.
      </p>
      <form
        className="mt-3 grid gap-4 sm:grid-cols-2"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          submit.mutate({
            quoteId: quote.id,
            costCenterId,
            addressId,
            poNumber: String(form.get("poNumber") ?? ""),
            note: String(form.get("note") ?? "") || undefined,
          });
        }}
      >
        <Field
          label="Cost center"
          error={
            errorFor(submit.error, "costCenterId") ??
            (checkout.costCenters.length === 0 ? "You may not charge any cost center yet; ask an admin to add you to one." : null)
          }
        >
          {(control) => (
            <select {...control} name="costCenterId" value={costCenterId} onChange={(e) => setCostCenterId(e.target.value)} className={`${inputClass} px-2`}>
              <option value="" disabled>
                Choose a cost center
              </option>
              {checkout.costCenters.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.code} · {c.name}
                  {c.id === checkout.defaultCostCenterId ? " (your default)" : ""}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Ship to" error={errorFor(submit.error, "addressId")}>
          {(control) => (
            <select
              {...control}
              name="addressId"
              value={addressId}
              onChange={(e) => setAddressId(e.target.value)}
              disabled={noAddresses}
              className={`${inputClass} px-2`}
            >
              {noAddresses ? <option value="">No addresses</option> : null}
              {checkout.addresses.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.label}: {a.line}
                  {a.isDefault ? " (default)" : ""}
                </option>
              ))}
            </select>
          )}
        </Field>
        {checkout.addressError ? (
          <div className="sm:col-span-2">
            <Alert tone="amber" title={`Could not get your ${quote.supplier.name} ship-to addresses`}>
              {checkout.addressError} Try again shortly.
            </Alert>
          </div>
        ) : null}
        <TextField
          label={checkout.poNumberRequired ? "PO number" : "PO number (optional)"}
          name="poNumber"
          autoComplete="off"
          required={checkout.poNumberRequired}
          error={errorFor(submit.error, "poNumber")}
        />
        <TextAreaField
          label="Note for the approver and supplier (optional)"
          name="note"
          onChange={(e) => setNoteLength(e.target.value.length)}
          hint={<CharacterCountdown length={noteLength} limit={NOTE_MAX_LENGTH} />}
          className="sm:col-span-2"
          error={errorFor(submit.error, "note")}
        />
        {otherError ? (
          <div className="sm:col-span-2">
            <Alert>{otherError}</Alert>
          </div>
        ) : null}
        <div className="sm:col-span-2">
          <Button
            type="submit"
            className="w-full sm:w-auto"
            disabled={submit.isPending || submit.isSuccess || noAddresses || checkout.costCenters.length === 0}
          >
            {submit.isPending ? "Submitting…" : "Submit requisition for approval"}
          </Button>
        </div>
      </form>
    </Card>
  );
}

function DeclineQuote({ quote }: { quote: Quote }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const decline = useMutation(
    trpc.quotes.decline.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        void queryClient.invalidateQueries({ queryKey: trpc.quotes.get.queryKey({ quoteId: quote.id }) });
        void queryClient.invalidateQueries({ queryKey: trpc.quotes.list.queryKey() });
      },
    }),
  );

  return (
    <Card>
      <h2 className="font-medium">Decline</h2>
      {/* The supplier acted (or may have) and the portal is still settling it: said as it is, not as nothing. */}
      {decline.data && decline.data.outcome !== "done" ? <Alert tone="blue">{decline.data.message}</Alert> : null}
      <div className="mt-1">
        <ConfirmWithReason
          open={open}
          onOpenChange={(next) => {
            setOpen(next);
            decline.reset();
          }}
          opener="Decline quote…"
          label={`Reason for ${quote.supplier.name}`}
          required
          // The server's limits for a decline's reason (quotes.schema.ts).
          minLength={3}
          maxLength={500}
          confirmLabel="Decline quote"
          pendingLabel="Declining…"
          keepLabel="Cancel"
          onConfirm={(reason) => decline.mutate({ quoteId: quote.id, reason })}
          pending={decline.isPending}
          error={decline.error}
          errorTestId="decline-reason-error"
        >
          {(declineButton) => (
            <>
              <p className="text-sm text-slate-600">Tell {quote.supplier.name} you will not order at this quote.</p>
              {/* Full width, like the other buttons of this column. */}
              <div className="mt-2 grid">{declineButton}</div>
            </>
          )}
        </ConfirmWithReason>
      </div>
    </Card>
  );
}

function PutBackInCart({ quoteId, result, onDone }: { quoteId: string; result: PutBackResult | null; onDone: (result: PutBackResult) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const putBack = useMutation(
    trpc.quotes.putBackInCart.mutationOptions({
      onSuccess: (data) => {
        onDone(data);
        void queryClient.invalidateQueries({ queryKey: trpc.quotes.get.queryKey({ quoteId }) });
        void queryClient.invalidateQueries({ queryKey: trpc.cart.get.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.me.get.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.quotes.list.queryKey() });
      },
    }),
  );

  return (
    <Card>
      <h2 className="font-medium">Back to the cart</h2>
      {result ? (
        <div className="mt-2 space-y-2" data-testid="put-back-result">
          {result.added > 0 ? (
            <Alert tone="green">
              {result.added} {result.added === 1 ? "line is" : "lines are"} back in your cart at today&apos;s prices.
            </Alert>
          ) : null}
          {result.notAdded.length ? (
            <Alert tone="amber" title={result.added > 0 ? "Not put back" : "Nothing could be put back"}>
              <ul className="list-disc pl-5">
                {result.notAdded.map((n) => (
                  <li key={n.itemCode}>
                    {n.itemCode}: {n.reason}
                  </li>
                ))}
              </ul>
            </Alert>
          ) : null}
          {result.added > 0 ? (
            <ButtonLink href="/cart" variant="secondary" className="w-full">
              Go to the cart
            </ButtonLink>
          ) : null}
        </div>
      ) : (
        <>
          <p className="mt-1 text-sm text-slate-600">Put this quote&apos;s lines back in your cart, at today&apos;s prices, to order them another way.</p>
          {putBack.error ? (
            <div className="mt-2">
              <Alert>{putBack.error.message}</Alert>
            </div>
          ) : null}
          <Button type="button" variant="secondary" className="mt-2 w-full" onClick={() => putBack.mutate({ quoteId })} disabled={putBack.isPending}>
            {putBack.isPending ? "Putting back…" : "Put lines back in cart"}
          </Button>
        </>
      )}
    </Card>
  );
}
