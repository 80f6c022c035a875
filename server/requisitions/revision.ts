/**
 * One revision of a requisition, before it is written: its orders and lines as priced, and the decision it gets
 * (budget position under the cost center's lock, and the approval chain under the company's current policy).
 * A new requisition and a resubmitted one are decided exactly alike; the lifecycle writes either.
 */
import type { ExtrasEstimate } from "@/server/domain/expected-total";
import type { Database } from "@/db/client";
import type { Role } from "@/common/roles";
import type { ShipToSnapshot } from "@/common/suppliers";
import { evaluateChainFor, summarizeChain, type EvaluatedChain } from "@/server/approvals/chain";
import { withRejectersReview } from "@/server/domain/approval-policy";
import type { Money } from "@/server/domain/money";
import { lockAndCheckBudget, type ReservationOutcome } from "@/server/spend/ledger";

export interface RevisionLine {
  supplierItemId: string;
  itemCode: string;
  name: string;
  categoryId: string | null;
  categoryName: string | null;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
}

export interface RevisionOrder {
  supplierConnectionId: string;
  supplierName: string;
  shipTo: ShipToSnapshot;
  subtotal: Money;
  /** The tax and shipping expected on top of the lines (null: nothing to estimate from); reserved and approved with them. */
  estimate: ExtrasEstimate | null;
  lines: RevisionLine[];
  /** The tax rate the supplier documents for the account, when it does (SupplierAccount.taxRateBps). */
  quotedTaxRateBps?: number | null;
  /** Placed by accepting this supplier quote (at its prices) instead of as a new order. */
  supplierQuoteId?: string;
}

export interface RevisionInput {
  /** Who rejected the revision this one edits: they review it again, whatever the policy now says. */
  rejecters?: { id: string; name: string }[];
  companyId: string;
  requester: { id: string; roles: Role[] };
  costCenter: { id: string; code: string; ownerId: string | null };
  total: Money;
  orders: RevisionOrder[];
  submittedAt: Date;
}

export interface RevisionDecision {
  budget: ReservationOutcome;
  evaluated: EvaluatedChain;
  needsApproval: boolean;
}

/**
 * Takes the cost center's lock, then decides the chain against the budget as
 * it stands under that lock, so the over-budget condition sees every earlier
 * checkout on the same cost center.
 */
export async function decideRevision(tx: Database, input: RevisionInput): Promise<RevisionDecision> {
  const budget = await lockAndCheckBudget(tx, input.costCenter.id, input.total, input.submittedAt);
  const categories = new Map<string, string>();
  for (const order of input.orders) for (const line of order.lines) if (line.categoryId) categories.set(line.categoryId, line.categoryName ?? line.categoryId);
  const evaluated = await evaluateChainFor(tx, {
    companyId: input.companyId,
    requesterId: input.requester.id,
    requesterRoles: input.requester.roles,
    total: input.total,
    costCenter: input.costCenter,
    suppliers: input.orders.map((o) => ({ id: o.supplierConnectionId, name: o.supplierName })),
    categories: [...categories].map(([id, name]) => ({ id, name })),
    remainingBudget: budget.position?.remaining ?? null,
  });
  const chain = withRejectersReview(evaluated.chain, input.rejecters ?? [], input.requester.id);
  const reviewed =
    chain === evaluated.chain ? evaluated : { ...evaluated, chain, summary: summarizeChain(chain, evaluated.names, evaluated.separationOfDuties) };
  return { budget, evaluated: reviewed, needsApproval: !chain.autoApproved };
}
