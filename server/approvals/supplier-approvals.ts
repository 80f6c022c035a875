/**
 * Orders a supplier holds for its own approval (Hygrade above its approval_required_over), listed and decided by the
 * company's approvers from the portal. The same four-eyes rule as the portal's own approvals: nobody approves their
 * own order at the supplier either.
 */
import { and, eq, inArray } from "drizzle-orm";
import { costCenters, requisitions, supplierConnections, supplierOrders, users } from "@/db/schema";
import type { ActorContext } from "@/server/actor";
import { recordAudit } from "@/server/audit/audit-log";
import { supplierFailureToAppError } from "@/server/connections/ask-supplier";
import { connectorForRow, listSupplierConnections, loadSupplierConnection, type SupplierConnectionRow } from "@/server/connections/connections";
import { money, type Money } from "@/server/domain/money";
import { AppError } from "@/server/errors";
import { inTransactionLifecycle } from "@/server/requisitions/lifecycle";
import { carryOut, type IntentHandler, type SupplierIntent } from "@/server/supplier-intents/intents";
import {
  isSupplierError,
  type SupplierApproval,
  type SupplierApprovalDecision,
  type SupplierApprovalsConnector,
  type SupplierConnector,
  type SupplierOrder,
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

/** What deciding at the supplier came to: the approval as decided, and the order as the supplier has it now (null: not re-read). */
interface Decided {
  approvalId: string;
  supplierOrderId: string;
  current: SupplierOrder | null;
}

const decisionOf = (intent: SupplierIntent): SupplierApprovalDecision =>
  intent.details.approve === true ? { approve: true } : { approve: false, reason: String(intent.details.reason ?? "") };

function approvalsConnectorOf(connection: SupplierConnectionRow): SupplierApprovalsConnector {
  const connector = approvalsOf(connectorForRow(connection));
  if (!connector) throw new AppError("precondition", `${connection.displayName} does not let the portal decide its approvals.`);
  return connector;
}

/** Deciding a supplier-held order at the supplier, as an intent (server/supplier-intents): asked, read back, recorded. */
export const decideIntent: IntentHandler<Decided> = {
  kind: "supplier_approval.decide",
  did: (intent) => (intent.details.approve === true ? "approved the order" : "rejected the order"),
  link: (intent) => (typeof intent.details.requisitionId === "string" ? `/requisitions/${intent.details.requisitionId}` : "/approvals"),
  refusal: (supplierName, error) => decisionFailure(supplierName, error),
  async act(intent, connection) {
    const connector = approvalsConnectorOf(connection);
    const decided = await connector.decideApproval(intent.supplierRef, decisionOf(intent));
    // The decision is made at the supplier whatever happens next; a failed re-read only leaves our status stale until the status job catches up.
    const current = await connector.getOrder(decided.supplierOrderId).catch((error: unknown) => {
      console.warn(
        `[supplier-approvals] ${connection.displayName} order ${decided.supplierOrderId} decided but not re-read: ${error instanceof Error ? error.message : String(error)}`,
      );
      return null;
    });
    return { approvalId: decided.approvalId, supplierOrderId: decided.supplierOrderId, current };
  },
  async readBack(intent, connection) {
    const connector = approvalsConnectorOf(connection);
    const { approvals } = await connector.listPendingApprovals();
    if (approvals.some((a) => a.approvalId === intent.supplierRef)) return null;
    const supplierOrderId = String(intent.details.supplierOrderRef);
    const current = await connector.getOrder(supplierOrderId);
    const ended = current.status === "cancelled" || current.status === "declined";
    // Decided the other way (at the supplier, by someone else): ours was not what happened.
    if (ended !== (intent.details.approve !== true)) return null;
    return { approvalId: intent.supplierRef, supplierOrderId, current };
  },
  async record(tx, intent, decided, actor) {
    const [connection] = await tx.select().from(supplierConnections).where(eq(supplierConnections.id, intent.supplierConnectionId));
    const supplierName = connection?.displayName ?? "the supplier";
    const decision = decisionOf(intent);
    const reason = decision.approve ? null : decision.reason;
    // The portal answering a hold for a chain that already approved, not a person deciding in the inbox.
    const byChain = intent.details.answeredByChain === true;
    const action = byChain ? "supplier_approval.answered_by_chain" : decision.approve ? "supplier_approval.approved" : "supplier_approval.rejected";
    const ours = intent.subjectType === "supplier_order" ? { supplierOrderId: intent.subjectId, requisitionId: String(intent.details.requisitionId) } : null;
    const details = {
      supplier: supplierName,
      approvalId: decided.approvalId,
      supplierOrderRef: decided.supplierOrderId,
      requisitionNumber: intent.details.requisitionNumber ?? null,
      reason,
      supplierStatus: decided.current?.status ?? null,
      intentId: intent.id,
      ...(byChain ? { approvedInPortalBy: actor.name } : {}),
    };
    if (ours && decided.current) {
      const order = { id: ours.supplierOrderId, companyId: intent.companyId, requisitionId: ours.requisitionId };
      await inTransactionLifecycle(tx, (lifecycle) =>
        lifecycle.supplierSaid(order, supplierName, decided.current!, {
          actor,
          action,
          details,
          releaseReason: `Rejected at ${supplierName} by ${actor.name}: ${reason ?? "no reason"}`,
        }),
      );
    } else {
      await recordAudit(tx, {
        companyId: intent.companyId,
        actorId: actor.id,
        action,
        subject: { type: intent.subjectType as "supplier_order" | "supplier_connection", id: intent.subjectId },
        details,
      });
    }
  },
};

async function decide(ctx: ActorContext, input: SupplierApprovalRef, decision: SupplierApprovalDecision) {
  const { connection, connector: anyConnector } = await loadSupplierConnection(ctx.db, ctx.companyId, input.connectionId);
  const connector = approvalsOf(anyConnector);
  if (!connector) throw new AppError("precondition", `${connection.displayName} does not let the portal decide its approvals.`);

  // Which order it holds, before anything is asked: the four-eyes rule needs it, and so does reading the decision back.
  let pending;
  try {
    pending = await connector.listPendingApprovals();
  } catch (error) {
    throw supplierFailureToAppError(connection.displayName, error);
  }
  const ref = pending.approvals.find((a) => a.approvalId === input.approvalId)?.supplierOrderId;
  if (!ref) {
    throw new AppError(
      "conflict",
      `${connection.displayName} is no longer waiting for a decision on this order: it was already approved or rejected there, or withdrawn. Refresh the list.`,
    );
  }
  const ours = (await portalOrders(ctx, [{ connectionId: connection.id, refs: [ref] }])).get(`${connection.id}\u0000${ref}`) ?? null;
  // The same four-eyes rule as the portal's own approvals: a requester does not approve their own order, here either.
  if (decision.approve && ours && ours.requesterId === ctx.user.id) {
    throw new AppError("forbidden", `You requested REQ-${ours.requisitionNumber}; another approver must approve it at ${connection.displayName}.`);
  }

  const outcome = await carryOut(ctx.db, decideIntent, {
    companyId: ctx.companyId,
    actor: ctx.user,
    connection,
    subject: ours ? { type: "supplier_order", id: ours.supplierOrderId } : { type: "supplier_connection", id: connection.id },
    supplierRef: input.approvalId,
    details: {
      approve: decision.approve,
      reason: decision.approve ? null : decision.reason,
      supplierOrderRef: ref,
      requisitionId: ours?.requisitionId ?? null,
      requisitionNumber: ours?.requisitionNumber ?? null,
    },
  });

  return {
    approvalId: input.approvalId,
    supplierOrderRef: ref,
    supplierStatus: outcome.result?.current?.status ?? null,
    requisitionId: ours?.requisitionId ?? null,
    requisitionNumber: ours?.requisitionNumber ?? null,
    outcome: outcome.state,
    message: outcome.message,
  };
}

export async function approveSupplierApproval(ctx: ActorContext, input: SupplierApprovalRef) {
  return decide(ctx, input, { approve: true });
}

export async function rejectSupplierApproval(ctx: ActorContext, input: SupplierApprovalRef & { reason: string }) {
  return decide(ctx, input, { approve: false, reason: input.reason });
}
