"use client";

import Link from "next/link";
import { portalApi } from "@/app/_lib/portal-api";
import { useProcedure } from "@/app/_lib/use-procedure";
import { Button } from "./ui";

/**
 * One tap to put an item in the cart at the quantity its list price is for, through the cart's own add (priced live
 * with the supplier, refused in the buyer's words). Through portalApi, so the pages a phone opens first stay light.
 */
export function AddToCartButton({
  connectionId,
  itemId,
  itemCode,
  quantity,
  disabled,
}: {
  connectionId: string;
  itemId: string;
  itemCode: string;
  quantity: number;
  disabled?: boolean;
}) {
  const add = useProcedure(portalApi.cart.add.mutate);
  return (
    <div className="flex flex-col items-start gap-1">
      <Button
        type="button"
        variant="secondary"
        className="min-h-11"
        aria-label={`Add ${quantity} × ${itemCode} to cart`}
        disabled={disabled || add.isPending}
        onClick={() => void add.mutate({ connectionId, itemId, quantity })}
      >
        {add.isPending ? "Adding…" : quantity > 1 ? `Add ${quantity} to cart` : "Add to cart"}
      </Button>
      {add.status === "success" ? (
        <p role="status" className="text-sm text-green-800">
          Added: {add.data.quantity} in your{" "}
          <Link href="/cart" className="font-medium underline">
            cart
          </Link>
        </p>
      ) : null}
      {add.error ? (
        <p role="alert" className="text-sm text-red-800">
          {add.error.message}
        </p>
      ) : null}
    </div>
  );
}
