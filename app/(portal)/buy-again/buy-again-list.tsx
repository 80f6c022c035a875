"use client";

import { useState } from "react";
import { Amount, Button } from "@/app/_components/ui";
import { portalApi } from "@/app/_lib/portal-api";
import type { RouterOutputs } from "@/app/_lib/trpc";
import { useProcedure } from "@/app/_lib/use-procedure";

type BuyAgainItem = RouterOutputs["reorder"]["buyAgain"][number];

/** Items bought before, each with one tap to add the last quantity again (priced live by the cart's own add). */
export function BuyAgainList({ items, showCounts = true }: { items: BuyAgainItem[]; showCounts?: boolean }) {
  const [outcome, setOutcome] = useState<Record<string, { ok: boolean; message: string }>>({});
  // On home too, so through portalApi rather than React Query.
  const add = useProcedure(portalApi.cart.add.mutate, {
    onSuccess: (r, v) => setOutcome((o) => ({ ...o, [`${v.connectionId}:${v.itemId}`]: { ok: true, message: `Added: ${r.quantity} in your cart` } })),
    onError: (e, v) => setOutcome((o) => ({ ...o, [`${v.connectionId}:${v.itemId}`]: { ok: false, message: e.message } })),
  });
  if (items.length === 0) return <p className="text-sm text-slate-600">Nothing bought yet: items you order show up here.</p>;
  return (
    <ul className="divide-y divide-slate-100" data-testid="buy-again-list">
      {items.map((item) => {
        const key = `${item.connectionId}:${item.supplierItemId}`;
        const done = outcome[key];
        return (
          <li key={key} className="flex flex-wrap items-center justify-between gap-2 py-2">
            <div className="min-w-0 flex-1 text-sm">
              <p className="truncate">
                <span className="font-medium">{item.itemCode}</span> {item.name}
              </p>
              <p className="text-slate-600">
                {item.supplierName} · last {item.lastQuantity} at <Amount value={item.lastUnitPrice} />
                {item.price ? (
                  <>
                    {" "}
                    · now <Amount value={item.price.unitPrice} /> each
                  </>
                ) : null}
                {showCounts ? ` · ordered ${item.timesOrdered} time${item.timesOrdered === 1 ? "" : "s"}` : ""}
              </p>
              {done ? (
                <p role="status" className={done.ok ? "text-green-800" : "text-red-800"}>
                  {done.message}
                </p>
              ) : null}
            </div>
            {item.stillListed ? (
              <Button
                type="button"
                variant="secondary"
                aria-label={`Add ${item.lastQuantity} × ${item.itemCode} to cart`}
                disabled={add.isPending && add.variables?.itemId === item.supplierItemId}
                onClick={() => void add.mutate({ connectionId: item.connectionId, itemId: item.supplierItemId, quantity: item.lastQuantity })}
              >
                Add {item.lastQuantity}
              </Button>
            ) : (
              <span className="text-sm text-slate-600">No longer listed</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
