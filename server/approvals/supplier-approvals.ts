/**
 * Orders a supplier holds for its own approval (Hygrade above its approval_required_over), listed and decided by the
 * company's approvers from the portal. The same four-eyes rule as the portal's own approvals: nobody approves their
 * own order at the supplier either.
 */
import { and, eq, inArray } from "drizzle-orm";
import { costCenters, requisitions, supplierOrders, users } from "@/db/schema";
import type { ActorContext } from "@/server/actor";
import { recordAudit } from "@/server/audit/audit-log";
import { supplierFailureToAppError } from "@/server/connections/ask-supplier";
import { connectorForRow, listSupplierConnections, loadSupplierConnection, type SupplierConnectionRow } from "@/server/connections/connections";
import { money, type Money } from "@/server/domain/money";
import { AppError } from "@/server/errors";
import { inLifecycle } from "@/server/requisitions/lifecycle";
import {
  isSupplierError,
  type SupplierApproval,
  type SupplierApprovalDecision,
  type SupplierApprovalsConnector,
  type SupplierConnector,
} from "@/server/suppliers";

export interface SupplierApprovalRef {
  connectionId: string;
  approvalId: string;
}

function approvalsOf(connector: SupplierConnector): SupplierApprovalsConnector | null {
  if (!connector.capabilities.supplierApprovals || !connector.listPendingApprovals || !connector.decideApproval) return null;
  return connector as SupplierApprovalsConnector;
}

/** Our side of an order the supplier is holding: the requisition it came from, who asked, what it charges. */
export interface PortalOrderForApproval {
  supplierOrderId: string;
  requisitionId: string;
  requisitionNumber: number;
  requesterId: string;
  requesterName: string;
  costCenterCode: string;
  costCenterName: string;
  /** What the portal expects to pay this supplier (its own total once placed, else our subtotal). */
  total: Money;
  supplierStatus: string | null;
}

export interface SupplierApprovalEntry {
  approvalId: string;
  supplierOrderRef: string;
  amount: Money;
  waitingSince: Date;
  /** Who the supplier is waiting for, in the supplier's own user directory. */
  waitingFor: string;
  /** Null: an order placed outside the portal (or by another company on the same supplier account). */
  order: PortalOrderForApproval | null;
  /** The approver asking requested it; someone else must approve it. */
  requestedByYou: boolean;
}

export interface SupplierApprovalQueue {
  connectionId: string;
  supplierName: string;
  /** The supplier could not be asked; its approvals are unknown, not absent. */
  error: string | null;
  /** Records the supplier sent that the portal could not read, so the list says it is incomplete. */
  unreadable: number;
  approvals: SupplierApprovalEntry[];
}

async function portalOrders(ctx: ActorContext, lookups: { connectionId: string; refs: string[] }[]) {
  const connectionIds = lookups.filter((l) => l.refs.length > 0).map((l) => l.connectionId);
  const refs = lookups.flatMap((l) => l.refs);
  if (refs.length === 0) return new Map<string, PortalOrderForApproval>();
  const rows = await ctx.db
    .select({
      supplierOrderId: supplierOrders.id,
      connectionId: supplierOrders.supplierConnectionId,
      ref: supplierOrders.supplierOrderRef,
      subtotalMinor: supplierOrders.subtotalMinor,
      supplierTotalMinor: supplierOrders.supplierTotalMinor,
      currency: supplierOrders.currency,
      supplierStatus: supplierOrders.supplierStatus,
      requisitionId: requisitions.id,
      requisitionNumber: requisitions.number,
      requesterId: requisitions.requesterId,
      requesterName: users.name,
      costCenterCode: costCenters.code,
      costCenterName: costCenters.name,
    })
    .from(supplierOrders)
    .innerJoin(requisitions, eq(requisitions.id, supplierOrders.requisitionId))
    .innerJoin(users, eq(users.id, requisitions.requesterId))
    .innerJoin(costCenters, eq(costCenters.id, requisitions.costCenterId))
    .where(
      and(
        eq(supplierOrders.companyId, ctx.companyId),
        inArray(supplierOrders.supplierConnectionId, connectionIds),
        inArray(supplierOrders.supplierOrderRef, refs),
      ),
    );
  return new Map(
    rows.map((r) => [
      `${r.connectionId}\u0000${r.ref}`,
      {
        supplierOrderId: r.supplierOrderId,
        requisitionId: r.requisitionId,
        requisitionNumber: r.requisitionNumber,
        requesterId: r.requesterId,
        requesterName: r.requesterName,
        costCenterCode: r.costCenterCode,
        costCenterName: r.costCenterName,
        total: money(r.supplierTotalMinor ?? r.subtotalMinor, r.currency),
        supplierStatus: r.supplierStatus,
      },
    ]),
  );
}

type Asked = { connection: SupplierConnectionRow; approvals: SupplierApproval[]; unreadable: number; error: string | null };

/**
 * Every supplier that holds orders for approval, asked in parallel. A supplier
 * that is down becomes an error entry for that supplier only: the approver still
 * sees and decides the others.
 */
export async function listSupplierApprovals(ctx: ActorContext): Promise<{ suppliers: SupplierApprovalQueue[] }> {
  const connections = await listSupplierConnections(ctx.db, ctx.companyId);
  const asked = await Promise.all(
    connections.map(async (connection): Promise<Asked | null> => {
      const connector = approvalsOf(connectorForRow(connection));
      if (!connector) return null;
      try {
        const { approvals, unreadable } = await connector.listPendingApprovals();
        return { connection, approvals, unreadable, error: null };
      } catch (error) {
        console.warn(`[supplier-approvals] could not list ${connection.displayName} approvals: ${error instanceof Error ? error.message : String(error)}`);
        return { connection, approvals: [], unreadable: 0, error: supplierFailureToAppError(connection.displayName, error).message };
      }
    }),
  );
  const queues = asked.filter((a): a is Asked => a !== null);
  const ours = await portalOrders(
    ctx,
    queues.map((q) => ({ connectionId: q.connection.id, refs: q.approvals.map((a) => a.supplierOrderId) })),
  );
  return {
    suppliers: queues.map((q) => ({
      connectionId: q.connection.id,
      supplierName: q.connection.displayName,
      error: q.error,
      unreadable: q.unreadable,
      approvals: q.approvals.map((a) => {
        const order = ours.get(`${q.connection.id}\u0000${a.supplierOrderId}`) ?? null;
        return {
          approvalId: a.approvalId,
          supplierOrderRef: a.supplierOrderId,
          amount: a.orderTotal,
          waitingSince: a.requestedAt,
          waitingFor: a.approver.name ?? a.approver.login,
          order,
          requestedByYou: order?.requesterId === ctx.user.id,
        };
      }),
    })),
  };
}

/** The supplier's refusal in words an approver can act on. */
function decisionFailure(supplierName: string, error: unknown): AppError {
  if (isSupplierError(error) && error.kind === "conflict") {
    return new AppError(
      "conflict",
      `${supplierName} is no longer waiting for a decision on this order: it was already approved or rejected there. Nothing was changed.`,
      { cause: error },
    );
  }
  if (isSupplierError(error) && error.kind === "not_found") {
    return new AppError("not_found", `${supplierName} no longer has that approval. Refresh the list.`, { cause: error });
  }
  if (isSupplierError(error) && error.kind === "validation" && error.details.field === "reason") {
    return new AppError("invalid", `${supplierName} refused the reason: ${error.message}`, { field: "reason", cause: error });
  }
  return supplierFailureToAppError(supplierName, error);
}

async function decide(ctx: ActorContext, input: SupplierApprovalRef, decision: SupplierApprovalDecision) {
  const { connection, connector: anyConnector } = await loadSupplierConnection(ctx.db, ctx.companyId, input.connectionId);
  const connector = approvalsOf(anyConnector);
  if (!connector) throw new AppError("precondition", `${connection.displayName} does not let the portal decide its approvals.`);

  if (decision.approve) {
    // The same four-eyes rule as the portal's own approvals: a requester does not approve their own order, here either.
    const pending = await connector.listPendingApprovals().catch(() => null);
    const ref = pending?.approvals.find((a) => a.approvalId === input.approvalId)?.supplierOrderId;
    const own = ref ? (await portalOrders(ctx, [{ connectionId: connection.id, refs: [ref] }])).get(`${connection.id}\u0000${ref}`) : undefined;
    if (own && own.requesterId === ctx.user.id) {
      throw new AppError("forbidden", `You requested REQ-${own.requisitionNumber}; another approver must approve it at ${connection.displayName}.`);
    }
  }

  let decided: SupplierApproval;
  try {
    decided = await connector.decideApproval(input.approvalId, decision);
  } catch (error) {
    throw decisionFailure(connection.displayName, error);
  }

  const ours =
    (await portalOrders(ctx, [{ connectionId: connection.id, refs: [decided.supplierOrderId] }])).get(`${connection.id}\u0000${decided.supplierOrderId}`) ??
    null;
  // The decision is made at the supplier whatever happens next; a failed re-read only leaves our status stale until the status job catches up.
  const current = await connector.getOrder(decided.supplierOrderId).catch((error: unknown) => {
    console.warn(
      `[supplier-approvals] ${connection.displayName} order ${decided.supplierOrderId} decided but not re-read: ${error instanceof Error ? error.message : String(error)}`,
    );
    return null;
  });
  const reason = decision.approve ? null : decision.reason;

  const action = decision.approve ? "supplier_approval.approved" : "supplier_approval.rejected";
  const details = {
    supplier: connection.displayName,
    approvalId: decided.approvalId,
    supplierOrderRef: decided.supplierOrderId,
    requisitionNumber: ours?.requisitionNumber ?? null,
    reason,
    supplierStatus: current?.status ?? null,
  };
  if (ours && current) {
    const order = { id: ours.supplierOrderId, companyId: ctx.companyId, requisitionId: ours.requisitionId };
    await inLifecycle(ctx.db, (lifecycle) =>
      lifecycle.supplierSaid(order, connection.displayName, current, {
        actor: ctx.user,
        action,
        details,
        releaseReason: `Rejected at ${connection.displayName} by ${ctx.user.name}: ${reason ?? "no reason"}`,
      }),
    );
  } else {
    const subject = ours ? { type: "supplier_order" as const, id: ours.supplierOrderId } : { type: "supplier_connection" as const, id: connection.id };
    await recordAudit(ctx.db, { companyId: ctx.companyId, actorId: ctx.user.id, action, subject, details });
  }

  return {
    approvalId: decided.approvalId,
    supplierOrderRef: decided.supplierOrderId,
    supplierStatus: current?.status ?? null,
    requisitionId: ours?.requisitionId ?? null,
    requisitionNumber: ours?.requisitionNumber ?? null,
  };
}

export async function approveSupplierApproval(ctx: ActorContext, input: SupplierApprovalRef) {
  return decide(ctx, input, { approve: true });
}

export async function rejectSupplierApproval(ctx: ActorContext, input: SupplierApprovalRef & { reason: string }) {
  return decide(ctx, input, { approve: false, reason: input.reason });
}
