"use client";

import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { CharacterCountdown } from "@/app/_components/character-countdown";
import { ExpectedExtras } from "@/app/_components/expected-total";
import { errorElsewhere, errorFor, Field, inputClass, TextAreaField, TextField } from "@/app/_components/forms";
import { Alert, Amount, Button, ButtonLink, Card, PageTitle } from "@/app/_components/ui";
import { portalApi } from "@/app/_lib/portal-api";
import type { RouterOutputs } from "@/app/_lib/trpc";
import { useProcedure } from "@/app/_lib/use-procedure";
import { NOTE_MAX_LENGTH } from "@/common/requisitions";
import { addressLines } from "@/common/suppliers";
import { holdAheadSentence, type SupplierHoldAhead } from "@/server/domain/supplier-holds";
import { useCheckoutDraft, type CheckoutDraft } from "./checkout-draft";
import { REORDER_CHANGES_KEY, type ReorderResult } from "../requisitions/[id]/reorder-button";

/** The reorder the buyer just made, as the Reorder button left it in this tab's sessionStorage. */
function readReorderChanges(): string | null {
  try {
    return sessionStorage.getItem(REORDER_CHANGES_KEY);
  } catch {
    // Unreadable or refused storage: checkout works without the summary.
    return null;
  }
}

// sessionStorage has no change events within one tab; the summary is read once per render and cleared through state.
const subscribeToNothing = () => () => {};

function useReorderChanges() {
  // Browser-only storage: the server renders without it, and the browser reads it after hydration.
  const stored = useSyncExternalStore(subscribeToNothing, readReorderChanges, () => null);
  const [cleared, setCleared] = useState(false);
  const changes = useMemo(() => {
    if (cleared || !stored) return null;
    try {
      return JSON.parse(stored) as ReorderResult;
    } catch {
      return null;
    }
  }, [stored, cleared]);
  const clear = () => {
    try {
      sessionStorage.removeItem(REORDER_CHANGES_KEY);
    } catch {
      // Refused storage: the summary is hidden all the same.
    }
    setCleared(true);
  };
  return { changes, clear };
}

const notAddedWords = {
  unavailable: "Not available",
  short_of_stock: "Not enough in stock",
  no_longer_sold: "No longer sold",
  supplier_unreachable: "Supplier not answering",
  refused: "Refused",
} as const;

/** What changed since the reordered requisition: new prices, and lines that could not be added with what to take instead. */
function ReorderChanges({
  changes,
  cartLineIds,
  onDismiss,
  onCartChanged,
}: {
  changes: ReorderResult;
  cartLineIds: Set<string>;
  onDismiss: () => void;
  onCartChanged: () => void;
}) {
  const [addedSubs, setAddedSubs] = useState<Record<string, boolean>>({});
  const add = useProcedure(portalApi.cart.add.mutate, {
    onSuccess: (_r, v) => {
      setAddedSubs((a) => ({ ...a, [`${v.connectionId}:${v.itemId}`]: true }));
      onCartChanged();
    },
  });
  const priceChanges = changes.added.filter((a) => a.priceChanged);
  // A reorder adds to the cart; what the cart already held goes through checkout with it, so the buyer is shown both,
  // as far as those lines are still in the cart. (A summary saved by an older page may lack these fields.)
  const toppedUp = changes.added.filter((a) => a.quantityInCart !== undefined && a.quantityInCart > a.quantityAsked && cartLineIds.has(a.lineId));
  const otherLines = (changes.otherCartLines ?? []).filter((l) => cartLineIds.has(l.lineId));
  const remove = useProcedure(portalApi.cart.remove.mutate, { onSuccess: onCartChanged });
  const allSame = priceChanges.length === 0 && changes.notAdded.length === 0 && toppedUp.length === 0 && otherLines.length === 0;
  return (
    <section aria-label={`Changes since ${changes.label}`} data-testid="reorder-changes" className="mb-4 space-y-3">
      <Alert tone={allSame ? "green" : "amber"} title={`Reordered ${changes.label}`}>
        {allSame
          ? `All ${changes.added.length} line${changes.added.length === 1 ? "" : "s"} are in your cart at the same prices as before.`
          : `${changes.added.length} of ${changes.added.length + changes.notAdded.length} lines are in your cart. Check what changed:`}
      </Alert>
      {priceChanges.length ? (
        <Card>
          <h2 className="font-medium">Prices changed</h2>
          <ul className="mt-2 divide-y divide-slate-100 text-sm" data-testid="reorder-price-changes">
            {priceChanges.map((a) => (
              <li key={`${a.connectionId}:${a.supplierItemId}`} className="py-2">
                <span className="font-medium">{a.itemCode}</span> {a.name} <span className="text-slate-600">({a.supplierName})</span>
                <span className="block">
                  <s className="text-slate-500">
                    <Amount value={a.oldUnitPrice} />
                  </s>{" "}
                  → <Amount value={a.newUnitPrice} className="font-medium" /> each
                </span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      {toppedUp.length ? (
        <Card>
          <h2 className="font-medium">Added to lines already in your cart</h2>
          <ul className="mt-2 divide-y divide-slate-100 text-sm" data-testid="reorder-topped-up">
            {toppedUp.map((a) => (
              <li key={`${a.connectionId}:${a.supplierItemId}`} className="py-2">
                <span className="font-medium">{a.itemCode}</span> {a.name}: you already had {a.quantityInCart - a.quantityAsked}, so the cart now holds{" "}
                {a.quantityInCart} (change it in the cart if that is too many)
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      {otherLines.length ? (
        <Card>
          <h2 className="font-medium">Also in your cart, and in this requisition</h2>
          <p className="text-sm text-slate-600">These were in your cart before the reorder. Remove any you do not want to order now.</p>
          <ul className="mt-2 divide-y divide-slate-100 text-sm" data-testid="reorder-other-lines">
            {otherLines.map((l) => (
              <li key={l.lineId} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span className="min-w-0">
                  <span className="font-medium">
                    {l.quantity} × {l.itemCode}
                  </span>{" "}
                  {l.name} <span className="text-slate-600">({l.supplierName})</span>
                </span>
                <Button
                  type="button"
                  variant="secondary"
                  aria-label={`Remove ${l.itemCode} from the cart`}
                  disabled={remove.isPending}
                  onClick={() => void remove.mutate({ lineId: l.lineId })}
                >
                  Remove
                </Button>
              </li>
            ))}
          </ul>
          {remove.error ? (
            <div className="mt-2">
              <Alert>{remove.error.message}</Alert>
            </div>
          ) : null}
        </Card>
      ) : null}
      {changes.notAdded.length ? (
        <Card>
          <h2 className="font-medium">Not added to your cart</h2>
          <ul className="mt-2 divide-y divide-slate-100 text-sm" data-testid="reorder-not-added">
            {changes.notAdded.map((n) => (
              <li key={`${n.connectionId}:${n.supplierItemId}`} className="py-2">
                <p>
                  <span className="font-medium">
                    {n.quantity} × {n.itemCode}
                  </span>{" "}
                  {n.name} <span className="text-slate-600">({n.supplierName})</span>
                </p>
                <p className="text-red-800">
                  <span className="font-medium">{notAddedWords[n.reason]}:</span> {n.message}
                </p>
                {n.substitutes.length ? (
                  <div className="mt-1">
                    <p className="text-slate-600">Instead, from {n.supplierName}:</p>
                    <ul className="mt-1 space-y-1">
                      {n.substitutes.map((s) => {
                        const key = `${s.connectionId}:${s.supplierItemId}`;
                        return (
                          <li key={key} className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-slate-200 p-2">
                            <span className="min-w-0">
                              <span className="font-medium">{s.itemCode}</span> {s.name} · from <Amount value={s.priceFrom} />
                            </span>
                            {addedSubs[key] ? (
                              <span className="text-green-800">Added</span>
                            ) : (
                              <Button
                                type="button"
                                variant="secondary"
                                aria-label={`Add ${s.itemCode} instead`}
                                disabled={add.isPending}
                                onClick={() => void add.mutate({ connectionId: s.connectionId, itemId: s.supplierItemId, quantity: n.quantity })}
                              >
                                Add
                              </Button>
                            )}
                          </li>
                        );
                      })}
                    </ul>
                  </div>
                ) : n.reason === "supplier_unreachable" ? null : (
                  <p className="text-slate-600">Nothing similar is listed by {n.supplierName} right now.</p>
                )}
              </li>
            ))}
          </ul>
          {add.error ? (
            <div className="mt-2">
              <Alert>{add.error.message}</Alert>
            </div>
          ) : null}
        </Card>
      ) : null}
      <Button type="button" variant="ghost" onClick={onDismiss}>
        Hide these changes
      </Button>
    </section>
  );
}

type ChainPreview = NonNullable<RouterOutputs["checkout"]["options"]["costCenters"][number]["approval"]>;

/** Who will approve this cart, in order, and why each step is there: before the buyer submits. */
function ApprovalPreview({ chain, holds }: { chain: ChainPreview; holds: SupplierHoldAhead[] }) {
  const holdLines = holds.length ? (
    <ul className="mt-1 space-y-1" data-testid="supplier-hold-preview">
      {holds.map((h) => (
        <li key={h.supplierName}>{holdAheadSentence(h, chain.needsApproval)}</li>
      ))}
    </ul>
  ) : null;
  if (!chain.needsApproval)
    return (
      <Alert tone={holds.length ? "amber" : "blue"} title="No approval needed in the portal">
        No approval rule applies: it goes to the supplier as soon as you submit.
        {holdLines}
      </Alert>
    );
  return (
    <Alert tone="amber" title="Needs approval">
      <ol className="mt-1 space-y-1">
        {chain.steps.map((step, i) => (
          <li key={i}>
            <span className="font-medium">Level {step.level}:</span> {step.approverNames.join(step.mode === "all" ? " and " : " or ")}
            {step.approverNames.length > 1 ? (step.mode === "all" ? " (all of them)" : " (any one)") : ""}
            {step.fellBackToAdmins ? " (admins stand in: nobody else can approve)" : ""}
            <span className="block text-xs">because {step.reasons.join(" and ")}</span>
          </li>
        ))}
      </ol>
      {holdLines}
    </Alert>
  );
}

type CheckoutCostCenter = RouterOutputs["checkout"]["options"]["costCenters"][number];

/** What the chosen cost center's budget has left, and what this order would leave, before the buyer submits. */
function CostCenterBudget({ center }: { center: CheckoutCostCenter | undefined }) {
  if (!center)
    return (
      <p id="cost-center-budget" className="text-sm text-slate-600 sm:col-span-2">
        Choose a cost center to see its budget.
      </p>
    );
  if (!center.budget) {
    return (
      <p id="cost-center-budget" data-testid="cost-center-budget" className="text-sm text-slate-600 sm:col-span-2">
        {center.code} has no budget set for this period.
      </p>
    );
  }
  const over = center.leavesAfterCart !== null && center.leavesAfterCart.amount < 0;
  return (
    <div
      id="cost-center-budget"
      data-testid="cost-center-budget"
      className={`rounded-md border p-3 text-sm sm:col-span-2 ${over ? "border-amber-300 bg-amber-50" : "border-slate-200 bg-slate-50"}`}
    >
      <p>
        {center.code} · {center.budget.periodLabel} budget <Amount value={center.budget.budget} />:{" "}
        <Amount value={center.budget.remaining} className="font-medium" /> left
      </p>
      {center.leavesAfterCart ? (
        <p className={over ? "font-medium text-amber-900" : "text-slate-700"}>
          This order leaves <Amount value={center.leavesAfterCart} />
          {/* Whether going over budget needs approval depends on the company's policy: say so only when this cart's chain does. */}
          {over ? (center.approval?.needsApproval ? " — over budget, so it will need approval." : " — over budget.") : "."}
        </p>
      ) : null}
    </div>
  );
}

export type CheckoutOptions = RouterOutputs["checkout"]["options"];

/** Everything the person typed or chose, as the form holds it now, for the draft. */
function draftOf(form: HTMLFormElement): CheckoutDraft {
  const data = new FormData(form);
  const shipTo: Record<string, string> = {};
  for (const [name, value] of data) if (name.startsWith("shipTo-")) shipTo[name.slice("shipTo-".length)] = String(value);
  const text = (name: string) => String(data.get(name) ?? "");
  return { poNumber: text("poNumber"), note: text("note"), neededBy: text("neededBy"), costCenterId: text("costCenterId"), shipTo };
}

/** One supplier's expected tax and shipping under its lines in the summary. */
function ExtrasFor({ expected, group }: { expected: CheckoutOptions["expected"]; group: CheckoutOptions["cart"]["groups"][number] }) {
  const e = expected.find((x) => x.connectionId === group.supplierConnectionId);
  if (!e) return null;
  return (
    <ExpectedExtras
      supplierName={group.supplierName}
      estimatedTax={e.estimatedTax}
      estimatedShipping={e.estimatedShipping}
      basedOn={e.basedOn}
      taxQuoted={e.taxQuoted}
    />
  );
}

/** Who gets the needed-by date: approvers always, and the suppliers whose API takes one. */
function neededByHint(takenBy: string[], suppliers: string[]) {
  const without = suppliers.filter((s) => !takenBy.includes(s));
  const sent = takenBy.length ? ` and sent to ${takenBy.join(" and ")} with the order` : "";
  const kept = without.length
    ? `; ${without.join(" and ")} ${without.length === 1 ? "takes" : "take"} no date through ${without.length === 1 ? "its" : "their"} API`
    : "";
  return `Shown to your approvers${sent}${kept}.`;
}

const CHECKOUT_FIELDS = ["shipTo", "costCenterId", "poNumber", "neededBy", "note"] as const;

/**
 * The checkout form over what the server rendered (the cart priced live, addresses, cost centers with their budgets and
 * approval previews). After a change it asks the server to render the page again (router.refresh) rather than keeping a
 * client cache: this page is the last tap of a phone reorder, and stays out of React Query's weight.
 */
export function CheckoutForm({ options }: { options: CheckoutOptions }) {
  const reorder = useReorderChanges();
  const drafts = useCheckoutDraft(options.personId);
  useEffect(() => drafts.closed, [drafts.closed]);
  // What the person had typed here before (back, forward, reload), else what a reorder brought, else the defaults.
  const choices = reorder.changes?.choices;
  const initial: CheckoutDraft =
    drafts.draft ??
    (choices
      ? { poNumber: choices.poNumber, costCenterId: choices.costCenterId, shipTo: Object.fromEntries(choices.shipTo.map((s) => [s.connectionId, s.addressId])) }
      : {});
  return (
    // Opened once on the server's defaults, then again with the browser's draft once it has been read.
    <CheckoutFormBody
      key={drafts.draft === undefined ? "opening" : "opened"}
      options={options}
      reorder={reorder}
      initial={initial}
      poNumberFrom={!drafts.draft && choices?.poNumber ? choices.from : null}
      onDraft={drafts.save}
      onSubmitted={drafts.clear}
    />
  );
}

function CheckoutFormBody({
  options,
  reorder,
  initial,
  poNumberFrom,
  onDraft,
  onSubmitted,
}: {
  options: CheckoutOptions;
  reorder: ReturnType<typeof useReorderChanges>;
  initial: CheckoutDraft;
  poNumberFrom: string | null;
  onDraft: (draft: CheckoutDraft) => void;
  onSubmitted: () => void;
}) {
  const router = useRouter();
  // A supplier that cannot be reached: its lines are set aside (removed through the cart's own checks) so the rest can go.
  const removeLines = useProcedure(
    async (lineIds: string[]) => {
      for (const lineId of lineIds) await portalApi.cart.remove.mutate({ lineId });
    },
    { onSuccess: () => router.refresh(), onError: () => router.refresh() },
  );
  // A remembered choice counts only while it is still on offer (the supplier's address book or the person's cost centers may have changed).
  const [addressChoice, setAddressChoice] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      Object.entries(initial.shipTo ?? {}).filter(([connectionId, addressId]) =>
        options.suppliers.some((s) => s.connectionId === connectionId && s.addresses.some((a) => a.supplierAddressId === addressId)),
      ),
    ),
  );
  const [costCenterChoice, setCostCenterChoice] = useState<string | null>(() =>
    options.costCenters.some((c) => c.id === initial.costCenterId) ? initial.costCenterId! : null,
  );
  const [noteLength, setNoteLength] = useState(initial.note?.length ?? 0);
  const submit = useProcedure(portalApi.checkout.submit.mutate, {
    onSuccess: (result) => {
      onSubmitted();
      reorder.clear();
      router.push(`/requisitions/${result.requisitionId}?submitted=1`);
    },
    onError: (error) => {
      // Prices or availability moved: show the buyer the new figures before they try again.
      if (error.data?.field === "cart") router.refresh();
    },
  });

  const { cart, suppliers, costCenters, poNumberRequired, poNumberRequiredBecause, poNumberFormat, defaultCostCenterId } = options;
  const chosenCenter = costCenters.find((c) => c.id === (costCenterChoice ?? defaultCostCenterId));
  const reorderChanges = reorder.changes ? (
    <ReorderChanges
      changes={reorder.changes}
      cartLineIds={new Set(cart.groups.flatMap((g) => g.lines.map((l) => l.id)))}
      onDismiss={reorder.clear}
      onCartChanged={() => router.refresh()}
    />
  ) : null;
  if (cart.lineCount === 0 && !submit.isSuccess) {
    return (
      <>
        {reorderChanges}
        <Card>
          <p>Your cart is empty.</p>
          <ButtonLink href="/catalog" className="mt-3">
            Browse the catalog
          </ButtonLink>
        </Card>
      </>
    );
  }
  const otherError = errorElsewhere(submit.error, CHECKOUT_FIELDS);
  // This supplier's address (shipTo.<i>, in the order sent), or the choice of addresses as a whole.
  const shipToError = (i: number) =>
    errorFor(submit.error, `shipTo.${i}`) ?? (submit.error?.data?.field === "shipTo" ? errorFor(submit.error, "shipTo") : null);

  return (
    <>
      <PageTitle>Checkout</PageTitle>
      {reorderChanges}
      <form
        className="grid gap-6 lg:grid-cols-[1fr_20rem]"
        noValidate
        onChange={(e) => onDraft(draftOf(e.currentTarget))}
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          void submit.mutate({
            shipTo: suppliers.map((s) => ({ connectionId: s.connectionId, addressId: addressChoice[s.connectionId] ?? s.defaultAddressId ?? "" })),
            costCenterId: String(form.get("costCenterId") ?? ""),
            poNumber: String(form.get("poNumber") ?? ""),
            note: String(form.get("note") ?? "") || undefined,
            neededBy: String(form.get("neededBy") ?? "") || undefined,
          });
        }}
      >
        <div className="space-y-4">
          {suppliers.map((s, i) => (
            <Card key={s.connectionId}>
              <fieldset>
                <legend className="font-medium">Ship to{suppliers.length > 1 ? ` (${s.supplierName})` : ""}</legend>
                {s.unavailable ? (
                  <div className="mt-2" data-testid="supplier-unavailable">
                    <Alert tone="amber" title={`${s.supplierName} cannot be reached right now`}>
                      {s.unavailable} Its lines cannot be ordered until it answers: set them aside to check out the rest, or try again shortly.
                      <div className="mt-2">
                        <Button
                          type="button"
                          variant="secondary"
                          disabled={removeLines.isPending}
                          onClick={() =>
                            void removeLines.mutate(cart.groups.find((g) => g.supplierConnectionId === s.connectionId)?.lines.map((l) => l.id) ?? [])
                          }
                        >
                          Remove {s.supplierName}&apos;s lines
                        </Button>
                      </div>
                    </Alert>
                  </div>
                ) : null}
                <div className="mt-2 space-y-2">
                  {s.addresses.map((a) => (
                    <label
                      key={a.supplierAddressId}
                      className="flex min-h-11 cursor-pointer items-start gap-3 rounded-md border border-slate-200 p-3 has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50"
                    >
                      <input
                        type="radio"
                        name={`shipTo-${s.connectionId}`}
                        value={a.supplierAddressId}
                        checked={(addressChoice[s.connectionId] ?? s.defaultAddressId) === a.supplierAddressId}
                        onChange={() => setAddressChoice((c) => ({ ...c, [s.connectionId]: a.supplierAddressId }))}
                        className="mt-1 h-4 w-4"
                      />
                      <span className="text-sm">
                        <span className="font-medium">{a.label}</span>
                        {a.isDefault ? " (default)" : ""}
                        <br />
                        {addressLines(a).join(", ")}
                      </span>
                    </label>
                  ))}
                </div>
                {shipToError(i) ? <p className="mt-2 text-sm text-red-700">{shipToError(i)}</p> : null}
                {s.spendingAccounts.length > 0 ? (
                  <ul className="mt-3 space-y-1 text-sm text-slate-700" data-testid="spending-accounts">
                    {s.spendingAccounts.map((a) => (
                      <li key={a.id}>
                        Spending account {a.name}: <Amount value={a.balance} className="font-medium" /> left
                      </li>
                    ))}
                  </ul>
                ) : null}
              </fieldset>
            </Card>
          ))}
          <Card>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field
                label="Cost center"
                error={
                  errorFor(submit.error, "costCenterId") ??
                  (costCenters.length === 0 ? "You may not charge any cost center yet; ask an admin to add you to one." : null)
                }
              >
                {(control) => (
                  <select
                    {...control}
                    // The budget below says what this choice leaves.
                    aria-describedby={[control["aria-describedby"], "cost-center-budget"].filter(Boolean).join(" ")}
                    name="costCenterId"
                    value={chosenCenter?.id ?? ""}
                    onChange={(e) => setCostCenterChoice(e.target.value)}
                    className={`${inputClass} px-2`}
                  >
                    <option value="" disabled>
                      Choose a cost center
                    </option>
                    {costCenters.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.code} · {c.name}
                        {c.isDefault ? " (your default)" : ""}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <CostCenterBudget center={chosenCenter} />
              <TextField
                label={poNumberRequired ? "PO number (required)" : "PO number (optional)"}
                name="poNumber"
                autoComplete="off"
                required={poNumberRequired}
                aria-required={poNumberRequired}
                defaultValue={initial.poNumber ?? ""}
                hint={[poNumberFrom ? `The PO number of ${poNumberFrom}; change it if this order has its own.` : null, poNumberRequiredBecause, poNumberFormat]
                  .filter(Boolean)
                  .join(" ")}
                error={errorFor(submit.error, "poNumber")}
              />
              <TextField
                label="Needed by (optional)"
                name="neededBy"
                type="date"
                min={new Date().toISOString().slice(0, 10)}
                defaultValue={initial.neededBy ?? ""}
                hint={neededByHint(
                  options.neededByTakenBy,
                  suppliers.map((s) => s.supplierName),
                )}
                error={errorFor(submit.error, "neededBy")}
              />
              <TextAreaField
                label="Note for the approver and supplier (optional)"
                name="note"
                defaultValue={initial.note ?? ""}
                onChange={(e) => setNoteLength(e.target.value.length)}
                className="sm:col-span-2"
                hint={<CharacterCountdown length={noteLength} limit={NOTE_MAX_LENGTH} />}
                error={errorFor(submit.error, "note")}
              />
            </div>
          </Card>
        </div>
        <Card className="h-fit">
          <h2 className="font-medium">Summary</h2>
          <ul className="mt-2 space-y-1 text-sm">
            {cart.groups.map((g) => (
              <li key={g.supplierConnectionId}>
                <p className="flex justify-between font-medium">
                  <span>{g.supplierName}</span>
                  <Amount value={g.subtotal} />
                </p>
                <ul className="text-slate-600">
                  {g.lines.map((l) => (
                    <li key={l.id} className="flex justify-between gap-2">
                      <span className="min-w-0">
                        {l.quantity} × {l.name} <span className="text-xs text-slate-500">{l.itemCode}</span>
                        {l.overStock ? <span className="ml-1 text-red-700">(only {l.maxQuantity} in stock)</span> : null}
                      </span>
                      <Amount value={l.lineTotal} />
                    </li>
                  ))}
                </ul>
                <ExtrasFor expected={options.expected} group={g} />
              </li>
            ))}
          </ul>
          <p className="mt-3 flex justify-between border-t border-slate-200 pt-3 text-lg">
            <span>Expected total</span>
            <Amount value={options.expectedTotal} className="font-semibold" />
          </p>
          <p className="text-xs text-slate-600">What approvers approve and your budget reserves: the lines with each supplier&apos;s tax and shipping.</p>
          <div className="mt-3" data-testid="approval-preview">
            {chosenCenter?.approval ? (
              <ApprovalPreview chain={chosenCenter.approval} holds={options.supplierHolds} />
            ) : (
              <p className="text-sm text-slate-600">Choose a cost center to see who approves this order.</p>
            )}
          </div>
          {otherError ? (
            <div className="mt-3">
              <Alert>{otherError}</Alert>
            </div>
          ) : null}
          <Button
            type="submit"
            className="mt-4 w-full"
            disabled={submit.isPending || cart.hasUnavailable || cart.hasOverStock || suppliers.some((s) => s.unavailable)}
          >
            {submit.isPending ? "Submitting…" : "Submit requisition"}
          </Button>
        </Card>
      </form>
    </>
  );
}
