import type { ShownPrice } from "@/server/domain/price-tiers";
import { Amount } from "./ui";

/**
 * An item's price in a list (catalog, search, suggestions, item page), as shownPrice decides it: what the buyer pays
 * for the quantity they will likely buy, then the deepest tier's price only when it is lower.
 */
export function ListPrice({ price, className }: { price: ShownPrice; className?: string }) {
  return (
    <span className={className} data-testid="list-price">
      <Amount value={price.unitPrice} className="font-medium" /> each
      {price.quantity > 1 ? ` (at least ${price.quantity.toLocaleString("en-US")})` : ""}
      {price.asLowAs ? (
        <span className="text-slate-600">
          {" "}
          · as low as <Amount value={price.asLowAs.unitPrice} /> for {price.asLowAs.minQuantity.toLocaleString("en-US")}+
        </span>
      ) : null}
    </span>
  );
}
