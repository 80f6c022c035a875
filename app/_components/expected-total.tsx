import type { Money } from "@/server/domain/money";
import { Amount } from "./ui";

/**
 * The tax and shipping a supplier is expected to add to its lines, marked as an estimate (or said to be unknown),
 * wherever a total that includes them is shown: checkout, the requisition, the approver's card.
 */
export function ExpectedExtras({
  supplierName,
  estimatedTax,
  estimatedShipping,
  basedOn,
}: {
  supplierName: string;
  estimatedTax: Money | null;
  estimatedShipping: Money | null;
  /** How many earlier orders the estimate rests on, when known. */
  basedOn?: number;
}) {
  if (!estimatedTax || !estimatedShipping) {
    return (
      <p className="text-xs text-slate-600" data-testid="expected-extras">
        Tax and shipping: {supplierName} adds them when it takes the order (no earlier order to estimate them from).
      </p>
    );
  }
  return (
    <div className="text-slate-600" data-testid="expected-extras">
      <p className="flex justify-between gap-2">
        <span>Tax (estimated)</span>
        <Amount value={estimatedTax} />
      </p>
      <p className="flex justify-between gap-2">
        <span>Shipping (estimated)</span>
        <Amount value={estimatedShipping} />
      </p>
      <p className="text-xs">
        Estimated from your company&apos;s {basedOn && basedOn > 1 ? `last ${basedOn} orders` : "last order"} with {supplierName}; {supplierName}&apos;s own
        total is used once it has the order.
      </p>
    </div>
  );
}
