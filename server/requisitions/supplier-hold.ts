/**
 * A supplier's own approval hold on an order the portal placed (Hygrade holds orders above the account's
 * approval_required_over). A company decides once: where its connection says the portal's approval answers the hold,
 * the portal approves the hold at the supplier itself, in the name of the chain's last approver and audited, instead of
 * asking that approver a second time. Without the setting, or when no one in the portal approved the requisition
 * (no rule applied), the hold waits for an approver under "Waiting at the supplier".
 */
import { and, desc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { approvalStepApprovers, approvalSteps, requisitions, supplierConnections, supplierOrders, users } from "@/db/schema";
import { decideIntent } from "@/server/approvals/supplier-approvals";
import { connectorForRow } from "@/server/connections/connections";
import { carryOut } from "@/server/supplier-intents/intents";

/** Who approved the requisition's current revision last in the portal's chain; null when nobody did (no rule applied). */
async function chainApprover(db: Database, companyId: string, requisitionId: string, revision: number) {
  const [last] = await db
    .select({ id: users.id, name: users.name })
    .from(approvalStepApprovers)
    .innerJoin(approvalSteps, and(eq(approvalSteps.id, approvalStepApprovers.stepId), eq(approvalSteps.companyId, approvalStepApprovers.companyId)))
    .innerJoin(users, eq(users.id, approvalStepApprovers.decidedById))
    .where(
      and(
        eq(approvalStepApprovers.companyId, companyId),
        eq(approvalSteps.requisitionId, requisitionId),
        eq(approvalSteps.revision, revision),
        eq(approvalStepApprovers.decision, "approved"),
      ),
    )
    .orderBy(desc(approvalStepApprovers.decidedAt))
    .limit(1);
  return last ?? null;
}

/**
 * Answers the supplier's hold on this order with the chain's approval, when the connection says so. Returns whether
 * it did. A supplier that cannot be reached leaves the hold for the next status refresh to try again (and for the
 * approvers' "Waiting at the supplier" list meanwhile); nothing is lost or decided twice, since the supplier only
 * lists a hold that still waits.
 */
export async function answerSupplierHold(db: Database, supplierOrderId: string): Promise<boolean> {
  const [row] = await db
    .select({ order: supplierOrders, connection: supplierConnections, revision: requisitions.revision, number: requisitions.number })
    .from(supplierOrders)
    .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
    .innerJoin(requisitions, eq(requisitions.id, supplierOrders.requisitionId))
    .where(eq(supplierOrders.id, supplierOrderId));
  if (!row || !row.connection.portalApprovalAnswersHold) return false;
  const { order, connection } = row;
  if (order.state !== "placed" || order.supplierStatus !== "pending_approval" || !order.supplierOrderRef) return false;
  const approver = await chainApprover(db, order.companyId, order.requisitionId, row.revision);
  if (!approver) return false;
  const connector = connectorForRow(connection);
  if (!connector.capabilities.supplierApprovals || !connector.listPendingApprovals || !connector.decideApproval) return false;
  try {
    const { approvals } = await connector.listPendingApprovals();
    const hold = approvals.find((a) => a.supplierOrderId === order.supplierOrderRef);
    if (!hold) return false;
    // Recorded as intended before the supplier is asked (server/supplier-intents): a lost answer or a failed write is
    // finished by the worker instead of leaving the two sides apart.
    const outcome = await carryOut(db, decideIntent, {
      companyId: order.companyId,
      actor: approver,
      connection,
      subject: { type: "supplier_order", id: order.id },
      supplierRef: hold.approvalId,
      details: {
        approve: true,
        reason: null,
        supplierOrderRef: order.supplierOrderRef,
        requisitionId: order.requisitionId,
        requisitionNumber: row.number,
        answeredByChain: true,
      },
    });
    return outcome.state !== "checking";
  } catch (error) {
    console.warn(
      `[supplier-hold] could not answer ${connection.displayName}'s hold on ${order.supplierOrderRef}; an approver can still decide it, and the next refresh tries again: ${error instanceof Error ? error.message : String(error)}`,
    );
    return false;
  }
}
