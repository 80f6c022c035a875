/**
 * The one way a requisition is submitted, whatever it comes from: a cart at checkout, a supplier's quote, or the
 * requester's edit of a rejected or returned requisition. The source says what would be ordered (its currency, the
 * suppliers' prices and ship-to); everything a requisition is held to is checked here, once: the PO number the company
 * requires, a cost center this person may charge in the requisition's currency, the budget under the cost center's
 * lock, and the approval chain under the company's current policy.
 */
import type { ActorContext } from "@/server/actor";
import { chainPreview } from "@/server/approvals/chain";
import { loadCompany, requirePoNumber, type PoNumberSupplier } from "@/server/companies/company";
import type { SupplierConnector } from "@/server/suppliers";
import { loadSupplierConnections } from "@/server/connections/connections";
import { loadChargeableCostCenter } from "@/server/cost-centers/chargeable";
import { expectedTotal } from "@/server/domain/expected-total";
import { addMoney, money } from "@/server/domain/money";
import { estimateFor } from "./expected-totals";
import { AppError, invalid } from "@/server/errors";
import type { Database } from "@/db/client";
import { inLifecycle, requisitionLabel, type RequisitionRow } from "./lifecycle";
import { decideRevision, type RevisionDecision, type RevisionInput, type RevisionOrder } from "./revision";

/** The order for one supplier as priced, before its subtotal is added up. */
export type PricedOrder = Omit<RevisionOrder, "subtotal" | "estimate">;

export interface SubmissionSource {
  /** The currency every line is in; the cost center must keep its budget in it. */
  currency: string;
  /** Set when this is the next revision of a rejected or returned requisition. */
  resubmitting?: { id: string; number: number; revision: number; rejecters: { id: string; name: string }[] };
  /** Choices of the person that need no supplier to check (a ship-to for every supplier, say). */
  checkChoices?(): void;
  /** Today's prices and ship-to from the suppliers; refuses when they no longer match what the person saw. */
  price(): Promise<PricedOrder[]>;
  /** In the transaction, before anything is written: refuses when what was priced is no longer what would be ordered. */
  stillAsPriced?(tx: Database): Promise<void>;
  /** In the transaction, after the requisition is written (empty the cart, take the quote). */
  afterRecorded?(tx: Database, requisition: RequisitionRow): Promise<void>;
}

export interface RequisitionChoices {
  costCenterId: string;
  poNumber: string;
  note: string | null;
  /** "2026-12-15", or null when the requester gave no date. */
  neededBy?: string | null;
}

export interface SubmittedRequisition {
  requisition: RequisitionRow;
  decision: RevisionDecision;
}

export async function submitRequisition(ctx: ActorContext, choices: RequisitionChoices, source: SubmissionSource): Promise<SubmittedRequisition> {
  const company = await loadCompany(ctx.db, ctx.companyId);
  // The company's own rule needs no supplier: said before anyone is asked for prices.
  requirePoNumber(company, [], choices.poNumber);
  const costCenter = await loadChargeableCostCenter(ctx, choices.costCenterId);
  if (costCenter.currency !== source.currency) {
    throw invalid(
      "costCenterId",
      `${costCenter.code} keeps its budget in ${costCenter.currency} and this order is in ${source.currency}; choose a ${source.currency} cost center.`,
    );
  }
  source.checkChoices?.();

  const priced = await source.price();
  requirePoNumber(company, await poNumberSuppliers(ctx, priced), choices.poNumber);
  const orders: RevisionOrder[] = await Promise.all(
    priced.map(async (order) => {
      const subtotal = order.lines.reduce((sum, line) => addMoney(sum, line.lineTotal), money(0, source.currency));
      return { ...order, subtotal, estimate: await estimateFor(ctx.db, ctx.companyId, order.supplierConnectionId, subtotal, order.quotedTaxRateBps ?? null) };
    }),
  );
  const input: RevisionInput = {
    companyId: ctx.companyId,
    requester: { id: ctx.user.id, roles: ctx.user.roles },
    costCenter: { id: costCenter.id, code: costCenter.code, ownerId: costCenter.ownerId },
    // What will be spent, as far as it can be told: the lines and each supplier's expected tax and shipping.
    total: orders.reduce((sum, order) => addMoney(sum, expectedTotal(order.subtotal, order.estimate).expected), money(0, source.currency)),
    orders,
    submittedAt: new Date(),
    rejecters: source.resubmitting?.rejecters,
  };

  return inLifecycle(ctx.db, async (lifecycle) => {
    await source.stillAsPriced?.(lifecycle.tx);
    const decision = await decideRevision(lifecycle.tx, input);
    const written = { ...input, decision, poNumber: choices.poNumber, note: choices.note, neededBy: choices.neededBy ?? null };
    const requisition = source.resubmitting
      ? await lifecycle.resubmitted({ id: source.resubmitting.id, number: source.resubmitting.number, fromRevision: source.resubmitting.revision }, written)
      : await lifecycle.submitted(written);
    if (!requisition) {
      throw new AppError("conflict", `${requisitionLabel(source.resubmitting!)} was already resubmitted; reload to see its current revision.`);
    }
    await source.afterRecorded?.(lifecycle.tx, requisition);
    return { requisition, decision };
  });
}

async function poNumberSuppliers(ctx: ActorContext, priced: PricedOrder[]) {
  const connections = await loadSupplierConnections(
    ctx.db,
    ctx.companyId,
    priced.map((o) => o.supplierConnectionId),
  );
  return [...connections.values()].map(({ connection, connector }) => poNumberSupplierOf(connection, connector));
}

/** A supplier connection as the PO-number rule sees it: its name, and whether its supplier refuses orders without one. */
export function poNumberSupplierOf(connection: { displayName: string }, connector: Pick<SupplierConnector, "capabilities">): PoNumberSupplier {
  return { name: connection.displayName, requiresPoNumber: connector.capabilities.requiresPoNumber === true };
}

/** What the person is told about a requisition just submitted: its number, where it stands, and the chain it got. */
export function submittedAnswer({ requisition, decision }: SubmittedRequisition) {
  return {
    requisitionId: requisition.id,
    number: requisition.number,
    revision: requisition.revision,
    status: requisition.status,
    approvalReason: decision.evaluated.summary,
    approval: chainPreview(decision.evaluated),
    overBudget: decision.budget.overBudget,
    budgetLeftAfter: decision.budget.leaves,
  };
}
