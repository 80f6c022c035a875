"use client";

import { quantityInputProps } from "@/app/_components/quantity-input";
import { quantityFromText } from "@/server/domain/quantities";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { errorElsewhere, errorFor, Field, inputClass, TextField } from "@/app/_components/forms";
import { Alert, Amount, Badge, Button } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { ListPrice } from "@/app/_components/list-price";
import { ProductImage } from "@/app/_components/product-image";
import { linePrice, shownPrice } from "@/server/domain/price-tiers";

export function ItemDetail({ connectionId, itemId, backHref }: { connectionId: string; itemId: string; backHref: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const result = useQuery(trpc.catalog.item.queryOptions({ connectionId, itemId }));
  // Until the buyer types one, the quantity the list price is for (one, or the first tier's minimum).
  const [typedQuantity, setQuantityText] = useState<string | null>(null);
  const [imageIndex, setImageIndex] = useState(0);
  const add = useMutation(
    trpc.cart.add.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.cart.get.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.me.get.queryKey() });
      },
    }),
  );

  if (result.isPending) return <p className="text-slate-600">Loading item…</p>;
  if (result.error) return <Alert>{result.error.message}</Alert>;
  const { item, supplier } = result.data;
  const shown = item.priceTiers.length > 0 ? shownPrice(item.priceTiers) : null;
  const quantityText = typedQuantity ?? String(shown?.quantity ?? 1);
  const quantity = quantityFromText(quantityText);
  const validQuantity = Number.isInteger(quantity) && quantity >= 1;
  const price = validQuantity && item.priceTiers.length > 0 ? linePrice(item.priceTiers, quantity) : null;

  return (
    <div className="grid gap-6 md:grid-cols-2">
      <div>
        <Link href={backHref} className="text-sm text-brand-700 hover:underline">
          ← Back to catalog
        </Link>
        <div className="mt-2 overflow-hidden rounded-lg border border-slate-200 bg-white">
          <ProductImage src={item.images[imageIndex]} alt={item.name} size="large" className="rounded-none bg-white" />
        </div>
        {item.images.length > 1 ? (
          <div className="mt-2 flex gap-2">
            {item.images.map((src, i) => (
              <button
                key={src}
                type="button"
                onClick={() => setImageIndex(i)}
                aria-label={`Image ${i + 1}`}
                className={`h-16 w-16 overflow-hidden rounded border ${i === imageIndex ? "border-brand-600" : "border-slate-200"}`}
              >
                <ProductImage src={src} alt="" size="fill" className="rounded-none" />
              </button>
            ))}
          </div>
        ) : null}
      </div>
      <div>
        <p className="text-sm text-slate-500">{[supplier.name, item.category?.name, item.brand?.name].filter(Boolean).join(" · ")}</p>
        <h1 className="mt-1 text-2xl font-semibold">{item.name}</h1>
        <p className="mt-1 text-sm text-slate-600">
          Item code <span className="font-mono">{item.itemCode}</span>
        </p>
        {shown ? <ListPrice price={shown} className="mt-2 block text-lg" /> : null}
        <div className="mt-2 flex gap-2">
          {!item.available ? (
            <Badge tone="red">Unavailable</Badge>
          ) : typeof item.maxOrderQuantity === "number" ? (
            <Badge tone={item.maxOrderQuantity > 0 ? "green" : "red"}>{item.maxOrderQuantity.toLocaleString("en-US")} in stock</Badge>
          ) : (
            <Badge tone="green">In stock</Badge>
          )}
          {item.leadTimeDays !== null ? (
            <Badge>
              Lead time {item.leadTimeDays} day{item.leadTimeDays === 1 ? "" : "s"}
            </Badge>
          ) : null}
        </div>
        {/* The quantity and Add to cart come right after the price, so a phone shows them without scrolling. */}
        <form
          className="mt-4 flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate({ connectionId, itemId: item.supplierItemId, quantity });
          }}
        >
          <label className="text-sm">
            <span className="block font-medium">Quantity</span>
            <input
              {...quantityInputProps}
              value={quantityText}
              onChange={(e) => setQuantityText(e.target.value)}
              className="mt-1 block min-h-11 w-28 rounded-md border border-slate-300 px-3"
            />
          </label>
          <div className="min-h-11 text-sm">
            {price ? (
              <>
                Line total <Amount value={price.lineTotal} className="text-lg font-semibold" />
              </>
            ) : (
              <span className="text-red-700">Enter a whole number of at least 1</span>
            )}
          </div>
          <Button type="submit" disabled={!item.available || add.isPending}>
            {add.isPending ? "Adding…" : "Add to cart"}
          </Button>
        </form>
        <div className="mt-3">
          {!item.available ? <Alert tone="amber">{supplier.name} cannot supply this item right now, so it cannot be added to a cart.</Alert> : null}
          {add.error ? <Alert>{add.error.message}</Alert> : null}
          {add.isSuccess ? (
            <Alert tone="green">
              Added to your cart ({add.data.quantity} in cart).{" "}
              <Link href="/cart" className="font-medium underline">
                Go to cart
              </Link>
            </Alert>
          ) : null}
        </div>

        <h2 className="mt-6 font-medium">Price tiers</h2>
        <table className="mt-2 w-full text-sm" data-testid="price-tiers">
          <thead>
            <tr className="text-left text-slate-500">
              <th className="py-1 font-normal">Quantity</th>
              <th className="py-1 text-right font-normal">Unit price</th>
            </tr>
          </thead>
          <tbody>
            {item.priceTiers.map((tier, i) => {
              const next = item.priceTiers[i + 1];
              const applies = price?.tierIndex === i;
              return (
                <tr key={tier.minQuantity} aria-current={applies ? "true" : undefined} className={applies ? "bg-brand-50 font-semibold text-brand-800" : ""}>
                  <td className="py-1.5 pl-2">
                    {next ? `${tier.minQuantity}–${next.minQuantity - 1}` : `${tier.minQuantity}+`}
                    {applies ? " (your price)" : ""}
                  </td>
                  <td className="py-1.5 pr-2 text-right">
                    <Amount value={tier.unitPrice} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>

        <p className="mt-4 text-slate-700">{item.description}</p>
        <AddToOrderList connectionId={connectionId} itemId={item.supplierItemId} itemCode={item.itemCode} />
      </div>
    </div>
  );
}

const NEW_LIST = "__new__";

/** Keeps the item on one of the buyer's order lists (or a new one) with its usual quantity; nothing is priced until the list goes to a cart. */
function AddToOrderList({ connectionId, itemId, itemCode }: { connectionId: string; itemId: string; itemCode: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const lists = useQuery({ ...trpc.orderLists.list.queryOptions(), enabled: open });
  const [choice, setChoice] = useState("");
  const [newName, setNewName] = useState("");
  const [quantityText, setQuantityText] = useState("1");
  const create = useMutation(trpc.orderLists.create.mutationOptions());
  const addItem = useMutation(
    trpc.orderLists.addItem.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.orderLists.list.queryKey() }),
    }),
  );
  const editable = lists.data ? [...lists.data.mine, ...lists.data.shared.filter((l) => l.canEdit)] : [];
  const selected = choice || (editable[0]?.id ?? NEW_LIST);
  const error = create.error ?? addItem.error;
  const otherError = errorElsewhere(error, ["name", "quantity"]);
  const busy = create.isPending || addItem.isPending;

  if (!open) {
    return (
      <div className="mt-4 border-t border-slate-200 pt-4">
        <Button type="button" variant="secondary" className="w-full sm:w-auto" onClick={() => setOpen(true)}>
          Add to an order list
        </Button>
      </div>
    );
  }
  return (
    <form
      className="mt-4 space-y-3 border-t border-slate-200 pt-4"
      aria-label="Add to an order list"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        create.reset();
        addItem.reset();
        try {
          const listId = selected === NEW_LIST ? (await create.mutateAsync({ name: newName, shared: false })).id : selected;
          if (selected === NEW_LIST) setChoice(listId);
          await addItem.mutateAsync({ listId, connectionId, itemId, quantity: quantityFromText(quantityText) });
        } catch {
          // Shown below from the mutation's error.
        }
      }}
    >
      <h2 className="font-medium">Add to an order list</h2>
      {lists.error ? <Alert>{lists.error.message}</Alert> : null}
      <Field label="List" error={null}>
        {(control) => (
          <select {...control} value={selected} onChange={(e) => setChoice(e.target.value)} className={inputClass}>
            {editable.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name} ({l.itemCount} {l.itemCount === 1 ? "item" : "items"})
              </option>
            ))}
            <option value={NEW_LIST}>A new list…</option>
          </select>
        )}
      </Field>
      {selected === NEW_LIST ? (
        <TextField label="New list name" value={newName} maxLength={80} onChange={(e) => setNewName(e.target.value)} error={errorFor(error, "name")} />
      ) : null}
      <Field label={`Usual quantity of ${itemCode}`} error={errorFor(error, "quantity")}>
        {(control) => (
          <div className="w-28">
            <input {...control} {...quantityInputProps} value={quantityText} onChange={(e) => setQuantityText(e.target.value)} className={inputClass} />
          </div>
        )}
      </Field>
      {otherError ? <Alert>{otherError}</Alert> : null}
      {addItem.isSuccess ? (
        <Alert tone="green">
          {addItem.data.message}{" "}
          <Link href={`/lists/${selected}`} className="font-medium underline">
            Open the list
          </Link>
        </Alert>
      ) : null}
      <Button type="submit" disabled={busy || lists.isPending}>
        {busy ? "Adding…" : "Add to list"}
      </Button>
    </form>
  );
}
