"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorElsewhere, errorFor, TextAreaField } from "@/app/_components/forms";
import { PhoneActionBar } from "@/app/_components/phone-action-bar";
import { QuantityInput } from "@/app/_components/quantity-input";
import { Alert, Amount, Badge, Button, ButtonLink, Card, PageTitle } from "@/app/_components/ui";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";
import { ListNameFields } from "../lists/lists-view";

export function CartView() {
  const trpc = useTRPC();
  const cart = useQuery(trpc.cart.get.queryOptions());
  if (cart.isPending) return <p className="text-slate-600">Loading cart…</p>;
  if (cart.error) return <Alert>{cart.error.message}</Alert>;
  const { groups, subtotal, lineCount, hasUnavailable, hasOverStock } = cart.data;

  return (
    <>
      <PageTitle>Cart</PageTitle>
      {lineCount === 0 ? (
        <Card>
          <p>Your cart is empty.</p>
          <ButtonLink href="/catalog" className="mt-3">
            Browse the catalog
          </ButtonLink>
        </Card>
      ) : (
        <div className="grid gap-6 lg:grid-cols-[1fr_18rem]">
          <div className="space-y-4">
            {groups.map((group) => (
              <Card key={group.supplierConnectionId}>
                <h2 className="mb-2 font-medium">{group.supplierName}</h2>
                <ul className="divide-y divide-slate-100">
                  {group.lines.map((line) => (
                    <CartLineRow key={line.id} line={line} />
                  ))}
                </ul>
                <p className="mt-2 text-right text-sm">
                  {group.supplierName} subtotal <Amount value={group.subtotal} className="font-medium" />
                </p>
                {group.canRequestQuote ? <RequestQuote connectionId={group.supplierConnectionId} supplierName={group.supplierName} /> : null}
              </Card>
            ))}
          </div>
          <Card className="h-fit">
            <p className="flex justify-between text-lg" data-testid="cart-subtotal">
              <span>Subtotal</span>
              <Amount value={subtotal} className="font-semibold" />
            </p>
            <p className="mt-1 text-xs text-slate-500">Tax and shipping are added by each supplier when the order is placed.</p>
            {hasUnavailable ? (
              <div className="mt-3">
                <Alert tone="amber">Remove the unavailable lines before checking out.</Alert>
              </div>
            ) : null}
            {hasOverStock ? (
              <div className="mt-3">
                <Alert tone="amber">Lower the quantities marked in red to what the supplier has in stock, or ask the supplier for a quote.</Alert>
              </div>
            ) : null}
            {/* On a phone the bar at the bottom holds the total and Check out, in reach wherever the cart is scrolled to. */}
            <div className="hidden md:block">
              <CheckOut blocked={hasUnavailable || hasOverStock} className="mt-4 w-full" />
            </div>
            <SaveCartAsList />
          </Card>
          <PhoneActionBar label="Cart total">
            <p className="min-w-0 text-sm" data-testid="phone-cart-total">
              <span className="block text-slate-600">Subtotal</span>
              <Amount value={subtotal} className="text-lg font-semibold" />
            </p>
            <CheckOut blocked={hasUnavailable || hasOverStock} className="shrink-0 px-6" />
          </PhoneActionBar>
        </div>
      )}
    </>
  );
}

/** Checkout, or why not yet: the card above it says which lines stand in the way. */
function CheckOut({ blocked, className }: { blocked: boolean; className: string }) {
  return blocked ? (
    <Button className={className} disabled>
      Check out
    </Button>
  ) : (
    <ButtonLink href="/checkout" className={className}>
      Check out
    </ButtonLink>
  );
}

/** Asks the supplier to price this group's lines; they leave the cart and wait on the quote. */
function RequestQuote({ connectionId, supplierName }: { connectionId: string; supplierName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState("");
  const request = useMutation(
    trpc.quotes.request.mutationOptions({
      onSuccess: (result) => {
        void queryClient.invalidateQueries({ queryKey: trpc.cart.get.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.me.get.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.quotes.list.queryKey() });
        router.push(`/quotes/${result.quoteId}`);
      },
    }),
  );

  if (!open) {
    return (
      <div className="mt-3 border-t border-slate-100 pt-3">
        <Button type="button" variant="secondary" className="w-full sm:w-auto" onClick={() => setOpen(true)}>
          Ask {supplierName} for a quote
        </Button>
      </div>
    );
  }
  return (
    <form
      className="mt-3 space-y-2 border-t border-slate-100 pt-3"
      aria-label={`Ask ${supplierName} for a quote`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        request.mutate({ connectionId, note: note.trim() || undefined });
      }}
    >
      <p className="text-sm text-slate-600">
        {supplierName}&apos;s lines move from your cart to the quote until {supplierName} answers.
      </p>
      <TextAreaField
        label={`Note to ${supplierName} (optional)`}
        maxLength={1000}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        error={errorFor(request.error, "note")}
      />
      {errorElsewhere(request.error, ["note"]) ? <Alert>{errorElsewhere(request.error, ["note"])}</Alert> : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={request.isPending || request.isSuccess}>
          {request.isPending ? "Sending…" : "Send"}
        </Button>
        <Button
          type="button"
          variant="ghost"
          onClick={() => {
            setOpen(false);
            request.reset();
          }}
          disabled={request.isPending}
        >
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** Keeps this cart's items and quantities as an order list to add again next time; the cart itself stays as it is. */
function SaveCartAsList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const save = useMutation(
    trpc.orderLists.createFromCart.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.orderLists.list.queryKey() }),
    }),
  );

  if (save.isSuccess) {
    return (
      <div className="mt-3">
        <Alert tone="green">
          Saved as &ldquo;{save.data.name}&rdquo; ({save.data.itemCount} {save.data.itemCount === 1 ? "item" : "items"}).{" "}
          <Link href={`/lists/${save.data.id}`} className="font-medium underline">
            Open the list
          </Link>
        </Alert>
      </div>
    );
  }
  if (!open) {
    return (
      <Button type="button" variant="secondary" className="mt-3 w-full" onClick={() => setOpen(true)}>
        Save cart as an order list
      </Button>
    );
  }
  return (
    <form
      className="mt-3 space-y-2 border-t border-slate-100 pt-3"
      aria-label="Save cart as an order list"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ name, shared });
      }}
    >
      <ListNameFields name={name} setName={setName} shared={shared} setShared={setShared} nameError={errorFor(save.error, "name")} />
      {errorElsewhere(save.error, ["name"]) ? <Alert>{errorElsewhere(save.error, ["name"])}</Alert> : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save list"}
        </Button>
        <Button
          type="button"
          variant="ghost"
          onClick={() => {
            setOpen(false);
            save.reset();
          }}
          disabled={save.isPending}
        >
          Cancel
        </Button>
      </div>
    </form>
  );
}

type Line = RouterOutputs["cart"]["get"]["groups"][number]["lines"][number];

function CartLineRow({ line }: { line: Line }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.cart.get.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.me.get.queryKey() });
  };
  const setQuantity = useMutation(trpc.cart.setQuantity.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.cart.remove.mutationOptions({ onSuccess: refresh }));

  return (
    <li className="flex flex-wrap items-center gap-3 py-3" data-testid="cart-line" data-item-code={line.itemCode}>
      {line.imageUrl ? <img src={line.imageUrl} alt="" width={56} height={56} className="h-14 w-14 rounded bg-slate-100 object-cover" /> : null}
      <div className="min-w-40 flex-1">
        <Link href={`/catalog/${line.supplierConnectionId}/${line.supplierItemId}`} className="font-medium text-brand-700 hover:underline">
          {line.name}
        </Link>
        <p className="text-xs text-slate-500">
          {line.itemCode} · <Amount value={line.unitPrice} /> each{line.tierIndex > 0 ? " (volume price)" : ""}
        </p>
        {line.nextTier ? (
          <p className="text-xs text-slate-500">
            Buy {line.nextTier.minQuantity} or more for <Amount value={line.nextTier.unitPrice} /> each
          </p>
        ) : null}
        {!line.available ? <Badge tone="red">No longer available</Badge> : null}
        {line.available && line.overStock ? (
          <Badge tone="red">
            Only {line.maxQuantity} in stock at {line.supplierName}
          </Badge>
        ) : null}
      </div>
      <QuantityInput value={line.quantity} label={`Quantity of ${line.itemCode}`} onCommit={(quantity) => setQuantity.mutate({ lineId: line.id, quantity })} />
      <Amount value={line.lineTotal} className="w-28 text-right font-medium" />
      <Button variant="ghost" onClick={() => remove.mutate({ lineId: line.id })} disabled={remove.isPending} aria-label={`Remove ${line.itemCode}`}>
        Remove
      </Button>
      {setQuantity.error ? (
        <div className="w-full">
          <Alert>{setQuantity.error.message}</Alert>
        </div>
      ) : null}
    </li>
  );
}
