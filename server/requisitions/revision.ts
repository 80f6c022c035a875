/**
 * One revision of a requisition: its supplier orders and lines, the spend it
 * reserves on its cost center, and its approval chain. Checkout writes the
 * first revision; an edit after a rejection or a return writes the next one.
 * Both go through here so a resubmitted requisition is judged exactly like a
 * new one.
 */
import { auditLog, requisitionLines, supplierOrders, type ShipToSnapshot } from "@/db/schema";
import type { Database } from "@/db/client";
import type { Role } from "@/db/schema";
import { evaluateChainFor, startChain, type EvaluatedChain } from "@/server/approvals/chain";
import { formatMoney, type Money } from "@/server/domain/money";
import { enqueueSupplierOrders } from "@/server/jobs/outbox";
import { lockAndCheckBudget, reserveSpend, type ReservationOutcome } from "@/server/spend/ledger";

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
  lines: RevisionLine[];
}

export interface RevisionInput {
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
  return { budget, evaluated, needsApproval: !evaluated.chain.autoApproved };
}

/** Writes the revision's orders, lines, reservations and chain for a requisition row that already says its status. */
export async function recordRevision(
  tx: Database,
  input: RevisionInput & { requisitionId: string; requisitionLabel: string; revision: number; decision: RevisionDecision; actorId: string; action: string },
): Promise<{ orderIds: string[] }> {
  const { decision } = input;
  const orderIds: string[] = [];
  for (const order of input.orders) {
    const [row] = await tx
      .insert(supplierOrders)
      .values({
        companyId: input.companyId,
        requisitionId: input.requisitionId,
        supplierConnectionId: order.supplierConnectionId,
        revision: input.revision,
        state: decision.needsApproval ? "awaiting_approval" : "queued",
        shipTo: order.shipTo,
        subtotalMinor: order.subtotal.amount,
        currency: order.subtotal.currency,
      })
      .returning({ id: supplierOrders.id });
    orderIds.push(row!.id);
    await tx.insert(requisitionLines).values(
      order.lines.map((line) => ({
        requisitionId: input.requisitionId,
        supplierOrderId: row!.id,
        revision: input.revision,
        supplierItemId: line.supplierItemId,
        itemCode: line.itemCode,
        name: line.name,
        categoryId: line.categoryId,
        categoryName: line.categoryName,
        quantity: line.quantity,
        unitPriceMinor: line.unitPrice.amount,
        lineTotalMinor: line.lineTotal.amount,
        currency: line.unitPrice.currency,
      })),
    );
    await reserveSpend(tx, [
      {
        companyId: input.companyId,
        costCenterId: input.costCenter.id,
        requisitionId: input.requisitionId,
        supplierOrderId: row!.id,
        supplierConnectionId: order.supplierConnectionId,
        amount: order.subtotal,
        chargedAt: input.submittedAt,
      },
    ]);
  }
  await startChain(tx, {
    companyId: input.companyId,
    requisitionId: input.requisitionId,
    requisitionLabel: input.requisitionLabel,
    revision: input.revision,
    chain: decision.evaluated.chain,
    now: input.submittedAt,
  });
  await tx.insert(auditLog).values({
    companyId: input.companyId,
    actorId: input.actorId,
    action: input.action,
    subjectType: "requisition",
    subjectId: input.requisitionId,
    details: {
      revision: input.revision,
      total: formatMoney(input.total),
      chain: decision.evaluated.summary,
      policyVersion: decision.evaluated.policyVersion,
      costCenter: input.costCenter.code,
      budgetLeftAfter: decision.budget.leaves ? formatMoney(decision.budget.leaves) : null,
    },
  });
  if (!decision.needsApproval) await enqueueSupplierOrders(tx, orderIds);
  return { orderIds };
}
