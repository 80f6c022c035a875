/**
 * What a person is told about a supplier's own hold on an order: before submitting (the chain preview says the hold is
 * part of the way to the supplier, and whether the chain's approval answers it) and while an order waits at a supplier
 * (who can act on it, so a hold nobody in the portal can release says who can).
 */
import { formatMoney, type Money } from "./money";

export interface SupplierHoldAhead {
  supplierName: string;
  /** The supplier holds orders over this amount for its own approval. */
  over: Money;
  /** The company's connection says the portal's approval answers this supplier's hold. */
  answeredByChain: boolean;
}

export function holdAheadSentence(hold: SupplierHoldAhead, chainNeedsApproval: boolean): string {
  const over = formatMoney(hold.over);
  if (hold.answeredByChain && chainNeedsApproval) {
    return `${hold.supplierName} holds orders over ${over} for its own approval; this chain's approval answers it there, so nobody is asked twice.`;
  }
  return `Then ${hold.supplierName} holds it for its own approval (over ${over}): an approver decides it in the portal under Approvals, Waiting at the supplier.`;
}

export interface HoldAtSupplier {
  supplierName: string;
  supplierStatus: string | null;
  /** Approvers can decide this supplier's holds from the portal (its API lets them). */
  portalDecides: boolean;
  answeredByChain: boolean;
  /** What the supplier says about who must approve it (OrderCloud's approving group and rule), when it says. */
  supplierNote?: string | null;
}

/** Who the order waits for while a supplier holds it; null when it is not held. */
export function holdWaitingOn(hold: HoldAtSupplier): string | null {
  const supplier = hold.supplierName;
  if (hold.supplierStatus === "awaiting_confirmation") return `Waiting for ${supplier} to confirm it; nobody in the portal needs to act.`;
  if (hold.supplierStatus !== "pending_approval") return null;
  const says = hold.supplierNote?.trim() ? ` ${supplier} says: ${hold.supplierNote.trim().replace(/\.?$/, ".")}` : "";
  if (!hold.portalDecides) return `Held for approval at ${supplier}: only ${supplier} can release it, so contact ${supplier} if it waits too long.${says}`;
  if (hold.answeredByChain) return `Held for approval at ${supplier}: the portal approves it there with the chain's approval.${says}`;
  return `Held for approval at ${supplier}: an approver decides it in the portal under Approvals, Waiting at the supplier.${says}`;
}
