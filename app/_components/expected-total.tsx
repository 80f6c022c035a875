import type { Money } from "@/server/domain/money";
import { Amount } from "./ui";

/**
 * The tax and shipping a supplier is expected to add to its lines, each marked as the supplier's own rate, an
 * estimate, or not known before the order, wherever a total that includes them is shown: checkout and the requisition.
 */
export function ExpectedExtras({
  supplierName,
  estimatedTax,
  estimatedShipping,
  basedOn,
  taxQuoted = false,
}: {
  supplierName: string;
  estimatedTax: Money | null;
  estimatedShipping: Money | null;
  /** How many earlier orders the estimate rests on, when known. */
  basedOn?: number;
  /** The tax is at the supplier's own documented rate for the account. */
  taxQuoted?: boolean;
}) {
  if (!estimatedTax && !estimatedShipping) {
    return (
      <p className="text-xs text-slate-600" data-testid="expected-extras">
        Tax and shipping: {supplierName} adds them when it takes the order (no earlier order to estimate them from).
      </p>
    );
  }
  const earlier = basedOn === undefined ? "earlier orders" : basedOn > 1 ? `last ${basedOn} orders` : "last order";
  return (
    <div className="text-slate-600" data-testid="expected-extras">
      {estimatedTax ? (
        <p className="flex justify-between gap-2">
          <span>{taxQuoted ? `Tax (at ${supplierName}'s rate)` : "Tax (estimated)"}</span>
          <Amount value={estimatedTax} />
        </p>
      ) : null}
      {estimatedShipping ? (
        <p className="flex justify-between gap-2">
          <span>Shipping (estimated)</span>
          <Amount value={estimatedShipping} />
        </p>
      ) : (
        <p className="text-xs">Shipping: {supplierName} adds it when it takes the order.</p>
      )}
      {estimatedShipping || !taxQuoted ? (
        <p className="text-xs">
          Estimated from your company&apos;s {earlier} with {supplierName}; {supplierName}&apos;s own total is used once it has the order.
        </p>
      ) : null}
    </div>
  );
}
