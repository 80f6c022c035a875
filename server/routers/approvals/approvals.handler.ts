import { and, asc, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import {
  approvalDelegations,
  approvalStepApprovers,
  approvalSteps,
  auditLog,
  costCenters,
  requisitionLines,
  requisitions,
  supplierConnections,
  supplierOrders,
  users,
} from "@/db/schema";
import type { Database } from "@/db/client";
import { actingFor, approversDelegatingTo, countWaitingFor, loadChain, loadChains, notifyWaiting, skipOpenSteps } from "@/server/approvals/chain";
import { recheckBeforePlacing, type RecheckResult } from "@/server/approvals/recheck";
import { formatMoney, money } from "@/server/domain/money";
import { AppError, invalid, notFound } from "@/server/errors";
import { enqueueSupplierOrders } from "@/server/jobs/outbox";
import { kickWorker } from "@/server/jobs/worker";
import { notify } from "@/server/notifications/notify";
import { budgetPositionAt, reduceReservation, releaseSpend } from "@/server/spend/ledger";
import type { MemberContext } from "@/server/trpc/init";
import { loadRequisitionInCompany } from "../requisitions/requisitions.handler";
import type { ApproveInput, DelegationIdInput, InboxInput, RejectInput, SetDelegationInput } from "./approvals.schema";

/**
 * What waits for this approver now: pending steps naming them, or naming
 * someone whose delegation to them is in force. Never their own requisitions.
 */
export async function inboxHandler({ ctx, input }: { ctx: MemberContext; input: InboxInput }) {
  const now = new Date();
  const delegators = await approversDelegatingTo(ctx.db, ctx.user.id, now);
  const forWhom = [ctx.user.id, ...delegators];
  const open = await ctx.db
    .select({ stepId: approvalSteps.id, requisitionId: approvalSteps.requisitionId, approverId: approvalStepApprovers.userId })
    .from(approvalSteps)
    .innerJoin(approvalStepApprovers, eq(approvalStepApprovers.stepId, approvalSteps.id))
    .innerJoin(requisitions, and(eq(requisitions.id, approvalSteps.requisitionId), eq(requisitions.revision, approvalSteps.revision)))
    .where(
      and(
        eq(approvalSteps.companyId, ctx.companyId),
        eq(approvalSteps.state, "pending"),
        eq(requisitions.status, "pending_approval"),
        ne(requisitions.requesterId, ctx.user.id),
        inArray(approvalStepApprovers.userId, forWhom),
        isNull(approvalStepApprovers.decision),
      ),
    );
  const requisitionIds = [...new Set(open.map((o) => o.requisitionId))];
  if (requisitionIds.length === 0) return [];

  const conditions = [inArray(requisitions.id, requisitionIds)];
  if (input.costCenterId) conditions.push(eq(requisitions.costCenterId, input.costCenterId));
  if (input.supplierConnectionId) {
    conditions.push(
      sql`exists (select 1 from supplier_orders so where so.requisition_id = ${requisitions.id} and so.revision = ${requisitions.revision} and so.supplier_connection_id = ${input.supplierConnectionId})`,
    );
  }
  if (input.search) {
    const term = `%${input.search.replace(/^REQ-/i, "").replace(/[%_]/g, "")}%`;
    conditions.push(or(sql`${requisitions.number}::text like ${term}`, sql`${users.name} ilike ${term}`, sql`${requisitions.poNumber} ilike ${term}`)!);
  }
  const rows = await ctx.db
    .select({
      id: requisitions.id,
      number: requisitions.number,
      revision: requisitions.revision,
      totalMinor: requisitions.totalMinor,
      currency: requisitions.currency,
      poNumber: requisitions.poNumber,
      note: requisitions.note,
      submittedAt: requisitions.submittedAt,
      approvalReason: requisitions.approvalReason,
      requesterName: users.name,
      costCenterId: requisitions.costCenterId,
      costCenterCode: costCenters.code,
      costCenterName: costCenters.name,
      overBudget: requisitions.overBudget,
    })
    .from(requisitions)
    .innerJoin(users, eq(users.id, requisitions.requesterId))
    .innerJoin(costCenters, eq(costCenters.id, requisitions.costCenterId))
    .where(and(...conditions));
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const [lines, suppliers, chains, names, positions] = await Promise.all([
    ctx.db.select().from(requisitionLines).where(inArray(requisitionLines.requisitionId, ids)).orderBy(asc(requisitionLines.itemCode)),
    ctx.db
      .selectDistinct({
        requisitionId: supplierOrders.requisitionId,
        revision: supplierOrders.revision,
        id: supplierConnections.id,
        name: supplierConnections.displayName,
      })
      .from(supplierOrders)
      .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
      .where(inArray(supplierOrders.requisitionId, ids)),
    loadChains(ctx.db, rows),
    ctx.db.select({ id: users.id, name: users.name }).from(users).where(eq(users.companyId, ctx.companyId)),
    // The budget as it stands now, this requisition's reservation included: what it leaves if approved.
    // Asked once per cost center and day: requisitions of one day fall in one budget period.
    (async () => {
      const cache = new Map<string, ReturnType<typeof budgetPositionAt>>();
      return Promise.all(
        rows.map((r) => {
          const key = `${r.costCenterId}|${r.submittedAt.toISOString().slice(0, 10)}`;
          if (!cache.has(key)) cache.set(key, budgetPositionAt(ctx.db, r.costCenterId, r.submittedAt));
          return cache.get(key)!;
        }),
      );
    })(),
  ]);
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  const items = rows.map(({ totalMinor, currency, ...r }, i) => {
    const chain = chains.get(r.id) ?? [];
    const step = chain.find((s) => s.state === "pending" && actingFor(s, ctx.user.id, delegators))!;
    const onBehalfOf = step ? actingFor(step, ctx.user.id, delegators) : null;
    const position = positions[i];
    return {
      ...r,
      total: money(totalMinor, currency),
      suppliers: suppliers.filter((s) => s.requisitionId === r.id && s.revision === r.revision).map((s) => s.name),
      budget: position ? { periodLabel: position.periodLabel, budget: position.budget, leavesAfterThis: position.remaining } : null,
      step: step
        ? {
            level: step.level,
            mode: step.mode,
            reasons: step.reasons,
            waitingSince: step.activatedAt,
            escalated: step.escalatedAt !== null,
            approvers: step.approvers.map((a) => ({ name: a.name, decision: a.decision, source: a.source })),
            onBehalfOf: onBehalfOf && onBehalfOf !== ctx.user.id ? (nameOf.get(onBehalfOf) ?? null) : null,
          }
        : null,
      levels: [...new Set(chain.map((s) => s.level))].length,
      lines: lines
        .filter((l) => l.requisitionId === r.id && l.revision === r.revision)
        .map((l) => ({
          id: l.id,
          itemCode: l.itemCode,
          name: l.name,
          quantity: l.quantity,
          unitPrice: money(l.unitPriceMinor, l.currency),
          lineTotal: money(l.lineTotalMinor, l.currency),
          rejectedReason: l.rejectedReason,
        })),
    };
  });
  const order = {
    oldest: (a: (typeof items)[number], b: (typeof items)[number]) => +a.submittedAt - +b.submittedAt,
    newest: (a: (typeof items)[number], b: (typeof items)[number]) => +b.submittedAt - +a.submittedAt,
    largest: (a: (typeof items)[number], b: (typeof items)[number]) => b.total.amount - a.total.amount,
    smallest: (a: (typeof items)[number], b: (typeof items)[number]) => a.total.amount - b.total.amount,
  }[input.sort];
  return items.sort(order);
}

export const inboxCountHandler = ({ ctx }: { ctx: MemberContext }) => countWaitingFor(ctx.db, ctx.companyId, ctx.user.id, new Date());

type Decision = { approve: true; rejectedLines: ApproveInput["rejectedLines"] } | { approve: false; reason: string };

async function alreadyDecided(db: Database, requisitionId: string, label: string): Promise<AppError> {
  const [current] = await db
    .select({ status: requisitions.status, by: users.name })
    .from(requisitions)
    .leftJoin(users, eq(users.id, requisitions.decidedById))
    .where(eq(requisitions.id, requisitionId));
  const who = current?.by ? ` by ${current.by}` : "";
  const what = {
    approved: "approved",
    rejected: "rejected",
    withdrawn: "withdrawn",
    returned: "returned to the requester",
    pending_approval: "decided at this step",
  }[current?.status ?? "pending_approval"];
  return new AppError("conflict", `${label} was already ${what}${who}; nothing was changed.`);
}

/**
 * One approver's decision on the step that waits for them. The step row is
 * locked while it is decided, so concurrent approvers take turns and all but
 * the deciding one are told it is already decided. The last approval of the
 * chain first re-checks prices with the suppliers (outside the lock).
 */
async function decide(ctx: MemberContext, requisitionId: string, decision: Decision) {
  const now = new Date();
  const requisition = await loadRequisitionInCompany(ctx.db, ctx.companyId, requisitionId);
  const label = `REQ-${requisition.number}`;
  if (requisition.requesterId === ctx.user.id) throw new AppError("forbidden", "You cannot approve or reject your own requisition.");
  if (requisition.status !== "pending_approval") throw await alreadyDecided(ctx.db, requisition.id, label);

  const [chain, delegators] = await Promise.all([loadChain(ctx.db, requisition.id, requisition.revision), approversDelegatingTo(ctx.db, ctx.user.id, now)]);
  const step = chain.find((s) => s.state === "pending" && actingFor(s, ctx.user.id, delegators));
  if (!step) {
    if (chain.some((s) => s.approvers.some((a) => a.decidedById === ctx.user.id && s.state === "pending"))) {
      throw new AppError("conflict", `You already approved ${label}; it waits for the other approvers of this step.`);
    }
    if (
      chain.some((s) => s.state !== "pending" && s.state !== "waiting" && s.approvers.some((a) => a.userId === ctx.user.id || delegators.includes(a.userId)))
    ) {
      throw await alreadyDecided(ctx.db, requisition.id, label);
    }
    throw new AppError("forbidden", `${label} is not waiting for you.`);
  }
  const onBehalfOf = actingFor(step, ctx.user.id, delegators)!;

  const lines = await ctx.db
    .select()
    .from(requisitionLines)
    .where(and(eq(requisitionLines.requisitionId, requisition.id), eq(requisitionLines.revision, requisition.revision)));
  const openLines = lines.filter((l) => l.rejectedReason === null);
  const rejectedLines = decision.approve ? decision.rejectedLines : [];
  for (const [i, r] of rejectedLines.entries()) {
    if (!openLines.some((l) => l.id === r.lineId))
      throw invalid(`rejectedLines.${i}.lineId`, "That line is not part of this requisition, or was already taken out.");
  }
  // Rejecting every line is rejecting the requisition, with the lines' reasons.
  const effective: Decision =
    decision.approve && rejectedLines.length > 0 && rejectedLines.length === openLines.length
      ? { approve: false, reason: rejectedLines.map((r) => `${openLines.find((l) => l.id === r.lineId)!.itemCode}: ${r.reason}`).join("; ") }
      : decision;

  let recheck: RecheckResult | null = null;
  if (effective.approve) {
    const othersInStep = step.mode === "all" ? step.approvers.filter((a) => a.decision === null && a.userId !== onBehalfOf).length : 0;
    const laterSteps = chain.filter((s) => s.id !== step.id && (s.state === "pending" || s.state === "waiting")).length;
    if (othersInStep === 0 && laterSteps === 0) {
      recheck = await recheckBeforePlacing(
        ctx.db,
        requisition,
        rejectedLines.map((r) => r.lineId),
      );
    }
  }

  const outcome = await ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select({ state: approvalSteps.state }).from(approvalSteps).where(eq(approvalSteps.id, step.id)).for("update");
    if (locked?.state !== "pending") return { kind: "already" as const };
    const recorded = await tx
      .update(approvalStepApprovers)
      .set({
        decision: effective.approve ? "approved" : "rejected",
        decidedAt: now,
        decidedById: ctx.user.id,
        reason: effective.approve ? null : effective.reason,
      })
      .where(and(eq(approvalStepApprovers.stepId, step.id), eq(approvalStepApprovers.userId, onBehalfOf), isNull(approvalStepApprovers.decision)))
      .returning();
    if (recorded.length === 0) return { kind: "already" as const };
    await tx.insert(auditLog).values({
      companyId: ctx.companyId,
      actorId: ctx.user.id,
      action: effective.approve ? "approval.step_approved" : "approval.step_rejected",
      subjectType: "requisition",
      subjectId: requisition.id,
      details: {
        revision: requisition.revision,
        level: step.level,
        onBehalfOf: onBehalfOf === ctx.user.id ? null : onBehalfOf,
        reason: effective.approve ? null : effective.reason,
      },
    });

    if (!effective.approve) {
      await tx.update(approvalSteps).set({ state: "rejected", decidedAt: now }).where(eq(approvalSteps.id, step.id));
      await skipOpenSteps(tx, requisition.id, requisition.revision, now);
      await endRequisition(tx, ctx, requisition, { status: "rejected", rejectionReason: effective.reason, now, releaseReason: `Rejected by ${ctx.user.name}` });
      await notify(tx, {
        companyId: ctx.companyId,
        userIds: [requisition.requesterId],
        kind: "requisition.rejected",
        title: `${label} was rejected`,
        body: `${ctx.user.name} rejected ${label}: ${effective.reason}. You can edit it and submit it again.`,
        link: `/requisitions/${requisition.id}`,
      });
      return { kind: "rejected" as const };
    }

    if (rejectedLines.length > 0) await takeOutLines(tx, ctx, requisition, lines, rejectedLines);

    const stepDone =
      step.mode === "any" ||
      (await tx.select({ decision: approvalStepApprovers.decision }).from(approvalStepApprovers).where(eq(approvalStepApprovers.stepId, step.id))).every(
        (a) => a.decision === "approved",
      );
    if (!stepDone)
      return { kind: "waiting" as const, message: `Your approval of ${label} is recorded; it waits for the other approvers of level ${step.level}.` };
    await tx.update(approvalSteps).set({ state: "approved", decidedAt: now }).where(eq(approvalSteps.id, step.id));

    const rest = await tx
      .select()
      .from(approvalSteps)
      .where(
        and(
          eq(approvalSteps.requisitionId, requisition.id),
          eq(approvalSteps.revision, requisition.revision),
          inArray(approvalSteps.state, ["pending", "waiting"]),
        ),
      );
    if (rest.some((s) => s.state === "pending"))
      return { kind: "waiting" as const, message: `Your approval of ${label} is recorded; other steps of level ${step.level} are still open.` };
    if (rest.length > 0) {
      const nextLevel = Math.min(...rest.map((s) => s.level));
      const next = rest.filter((s) => s.level === nextLevel);
      await tx
        .update(approvalSteps)
        .set({ state: "pending", activatedAt: now })
        .where(
          inArray(
            approvalSteps.id,
            next.map((s) => s.id),
          ),
        );
      const nextApprovers = await tx
        .select({ userId: approvalStepApprovers.userId })
        .from(approvalStepApprovers)
        .where(
          inArray(
            approvalStepApprovers.stepId,
            next.map((s) => s.id),
          ),
        );
      await notifyWaiting(
        tx,
        ctx.companyId,
        requisition.id,
        label,
        nextApprovers.map((a) => a.userId),
        next.flatMap((s) => s.reasons),
      );
      return { kind: "waiting" as const, message: `${label} approved at level ${step.level}; it now waits for level ${nextLevel}.` };
    }

    // The chain is complete. Without a fresh re-check (someone else moved the chain meanwhile), do not place on stale prices.
    if (!recheck) throw new AppError("conflict", `${label} changed while you were deciding; nothing was changed. Please try again.`);
    if (recheck.changes.length > 0) {
      await endRequisition(tx, ctx, requisition, {
        status: "returned",
        returnedChanges: recheck.changes,
        now,
        releaseReason: "Returned to the requester: prices or availability changed",
      });
      await notify(tx, {
        companyId: ctx.companyId,
        userIds: [requisition.requesterId],
        kind: "requisition.returned",
        title: `${label} came back to you before ordering`,
        body: `It was approved, but the suppliers' prices or availability changed: ${recheck.changes.map((c) => c.change).join("; ")}. Review it and submit it again.`,
        link: `/requisitions/${requisition.id}`,
      });
      return { kind: "returned" as const };
    }
    await tx.update(requisitions).set({ status: "approved", decidedAt: now, decidedById: ctx.user.id }).where(eq(requisitions.id, requisition.id));
    const orders = await tx
      .update(supplierOrders)
      .set({ state: "queued" })
      .where(
        and(eq(supplierOrders.requisitionId, requisition.id), eq(supplierOrders.revision, requisition.revision), eq(supplierOrders.state, "awaiting_approval")),
      )
      .returning({ id: supplierOrders.id });
    await enqueueSupplierOrders(
      tx,
      orders.map((o) => o.id),
    );
    await tx.insert(auditLog).values({
      companyId: ctx.companyId,
      actorId: ctx.user.id,
      action: "requisition.approved",
      subjectType: "requisition",
      subjectId: requisition.id,
      details: { revision: requisition.revision, total: formatMoney(money(requisition.totalMinor, requisition.currency)) },
    });
    await notify(tx, {
      companyId: ctx.companyId,
      userIds: [requisition.requesterId],
      kind: "requisition.approved",
      title: `${label} is approved`,
      body: `${label} is approved and goes to the supplier now.`,
      link: `/requisitions/${requisition.id}`,
    });
    return { kind: "approved" as const };
  });

  if (outcome.kind === "already") throw await alreadyDecided(ctx.db, requisition.id, label);
  if (outcome.kind === "approved") kickWorker();
  const [after] = await ctx.db.select({ status: requisitions.status }).from(requisitions).where(eq(requisitions.id, requisition.id));
  return {
    requisitionId,
    number: requisition.number,
    status: after!.status,
    outcome: outcome.kind,
    message:
      outcome.kind === "waiting"
        ? outcome.message
        : outcome.kind === "approved"
          ? `${label} approved. The order goes to the supplier now.`
          : outcome.kind === "returned"
            ? `${label} approved, but prices or availability changed at the supplier: it went back to the requester instead of being ordered.`
            : `${label} rejected. The requester sees your reason.`,
  };
}

/** Ends a revision that will not be ordered: its orders are not sent and what they reserved is released. */
async function endRequisition(
  tx: Database,
  ctx: MemberContext,
  requisition: { id: string; revision: number },
  end: {
    status: "rejected" | "returned";
    rejectionReason?: string;
    returnedChanges?: { itemCode: string; supplierName: string; change: string }[];
    now: Date;
    releaseReason: string;
  },
) {
  await tx
    .update(requisitions)
    .set({
      status: end.status,
      decidedAt: end.now,
      decidedById: ctx.user.id,
      rejectionReason: end.rejectionReason ?? null,
      returnedChanges: end.returnedChanges ?? null,
    })
    .where(eq(requisitions.id, requisition.id));
  const orders = await tx
    .update(supplierOrders)
    .set({ state: "not_sent" })
    .where(
      and(eq(supplierOrders.requisitionId, requisition.id), eq(supplierOrders.revision, requisition.revision), eq(supplierOrders.state, "awaiting_approval")),
    )
    .returning({ id: supplierOrders.id });
  await releaseSpend(
    tx,
    orders.map((o) => o.id),
    end.releaseReason,
  );
  if (end.status === "returned") {
    await tx.insert(auditLog).values({
      companyId: ctx.companyId,
      actorId: ctx.user.id,
      action: "requisition.returned",
      subjectType: "requisition",
      subjectId: requisition.id,
      details: { changes: end.returnedChanges },
    });
  }
}

/**
 * Lines an approver takes out while approving the rest: their supplier
 * orders shrink (or are not sent when nothing is left), the reservation on the
 * cost center follows, and the requisition's total is what is still bought.
 */
async function takeOutLines(
  tx: Database,
  ctx: MemberContext,
  requisition: { id: string; number: number; requesterId: string; currency: string },
  lines: (typeof requisitionLines.$inferSelect)[],
  rejected: ApproveInput["rejectedLines"],
) {
  for (const r of rejected) {
    await tx
      .update(requisitionLines)
      .set({ rejectedReason: r.reason, rejectedById: ctx.user.id })
      .where(and(eq(requisitionLines.id, r.lineId), isNull(requisitionLines.rejectedReason)));
  }
  const rejectedIds = new Set(rejected.map((r) => r.lineId));
  const kept = lines.filter((l) => l.rejectedReason === null && !rejectedIds.has(l.id));
  const affected = [...new Set(lines.filter((l) => rejectedIds.has(l.id)).map((l) => l.supplierOrderId))];
  for (const orderId of affected) {
    const subtotal = kept.filter((l) => l.supplierOrderId === orderId).reduce((sum, l) => sum + l.lineTotalMinor, 0);
    if (subtotal === 0) {
      await tx.update(supplierOrders).set({ state: "not_sent", subtotalMinor: 0 }).where(eq(supplierOrders.id, orderId));
      await releaseSpend(tx, [orderId], `Every line rejected by ${ctx.user.name}`);
    } else {
      await tx.update(supplierOrders).set({ subtotalMinor: subtotal }).where(eq(supplierOrders.id, orderId));
      await reduceReservation(tx, orderId, money(subtotal, requisition.currency));
    }
  }
  const total = kept.reduce((sum, l) => sum + l.lineTotalMinor, 0);
  await tx.update(requisitions).set({ totalMinor: total }).where(eq(requisitions.id, requisition.id));
  const described = rejected.map((r) => `${lines.find((l) => l.id === r.lineId)!.itemCode}: ${r.reason}`);
  await tx.insert(auditLog).values({
    companyId: ctx.companyId,
    actorId: ctx.user.id,
    action: "requisition.lines_rejected",
    subjectType: "requisition",
    subjectId: requisition.id,
    details: { lines: described, newTotal: formatMoney(money(total, requisition.currency)) },
  });
  await notify(tx, {
    companyId: ctx.companyId,
    userIds: [requisition.requesterId],
    kind: "requisition.lines_rejected",
    title: `${ctx.user.name} took ${rejected.length === 1 ? "a line" : `${rejected.length} lines`} out of REQ-${requisition.number}`,
    body: `${described.join("; ")}. The rest goes on for approval.`,
    link: `/requisitions/${requisition.id}`,
  });
}

export const approveHandler = ({ ctx, input }: { ctx: MemberContext; input: ApproveInput }) =>
  decide(ctx, input.requisitionId, { approve: true, rejectedLines: input.rejectedLines });

export const rejectHandler = ({ ctx, input }: { ctx: MemberContext; input: RejectInput }) =>
  decide(ctx, input.requisitionId, { approve: false, reason: input.reason });

const dayStart = (day: string) => new Date(`${day}T00:00:00Z`);
const dayAfter = (day: string) => new Date(dayStart(day).getTime() + 86_400_000);

/** Out of office: from the first day to the last (inclusive, UTC) the delegate gets this approver's items. */
export async function setDelegationHandler({ ctx, input }: { ctx: MemberContext; input: SetDelegationInput }) {
  if (input.delegateId === ctx.user.id) throw invalid("delegateId", "Choose someone else to stand in for you.");
  const [delegate] = await ctx.db
    .select({ id: users.id, name: users.name, roles: users.roles, active: users.active })
    .from(users)
    .where(and(eq(users.id, input.delegateId), eq(users.companyId, ctx.companyId)));
  if (!delegate || !delegate.active) throw invalid("delegateId", "Choose an active person from your company.");
  if (!delegate.roles.includes("approver")) throw invalid("delegateId", `${delegate.name} is not an approver, so cannot stand in for you.`);
  const startsAt = dayStart(input.startsOn);
  const endsAt = dayAfter(input.endsOn);
  if (endsAt <= new Date()) throw invalid("endsOn", "The last day has already passed.");
  return ctx.db.transaction(async (tx) => {
    // One delegation per approver at a time: two overlapping ones would leave it unclear who has the items.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, ctx.user.id)).for("update");
    const [overlap] = await tx
      .select({ startsAt: approvalDelegations.startsAt, endsAt: approvalDelegations.endsAt, delegateName: users.name })
      .from(approvalDelegations)
      .innerJoin(users, eq(users.id, approvalDelegations.delegateId))
      .where(
        and(
          eq(approvalDelegations.approverId, ctx.user.id),
          isNull(approvalDelegations.revokedAt),
          sql`${approvalDelegations.startsAt} < ${endsAt}`,
          sql`${approvalDelegations.endsAt} > ${startsAt}`,
        ),
      );
    if (overlap) {
      throw invalid(
        "startsOn",
        `You already have ${overlap.delegateName} standing in from ${overlap.startsAt.toISOString().slice(0, 10)}; end that delegation first.`,
      );
    }
    const [created] = await tx
      .insert(approvalDelegations)
      .values({ companyId: ctx.companyId, approverId: ctx.user.id, delegateId: delegate.id, startsAt, endsAt, note: input.note })
      .returning();
    await tx.insert(auditLog).values({
      companyId: ctx.companyId,
      actorId: ctx.user.id,
      action: "delegation.created",
      subjectType: "delegation",
      subjectId: created!.id,
      details: { approver: ctx.user.name, delegate: delegate.name, from: input.startsOn, to: input.endsOn, note: input.note || null },
    });
    await notify(tx, {
      companyId: ctx.companyId,
      userIds: [delegate.id],
      kind: "delegation.started",
      title: `You stand in for ${ctx.user.name}`,
      body: `From ${input.startsOn} to ${input.endsOn}, ${ctx.user.name}'s approvals come to your inbox as well.${input.note ? ` Note: ${input.note}` : ""}`,
      link: "/approvals",
    });
    return { id: created!.id, delegateName: delegate.name, startsAt, endsAt };
  });
}

export async function revokeDelegationHandler({ ctx, input }: { ctx: MemberContext; input: DelegationIdInput }) {
  const [row] = await ctx.db
    .update(approvalDelegations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(approvalDelegations.id, input.delegationId),
        eq(approvalDelegations.companyId, ctx.companyId),
        eq(approvalDelegations.approverId, ctx.user.id),
        isNull(approvalDelegations.revokedAt),
      ),
    )
    .returning();
  if (!row) throw notFound("That delegation");
  await ctx.db
    .insert(auditLog)
    .values({ companyId: ctx.companyId, actorId: ctx.user.id, action: "delegation.ended", subjectType: "delegation", subjectId: row.id, details: {} });
  return { id: row.id };
}

/** My delegations (who stands in for me) and the ones where I stand in for others; plus who I could choose. */
export async function delegationsHandler({ ctx }: { ctx: MemberContext }) {
  const delegate = users;
  const rows = await ctx.db
    .select({
      id: approvalDelegations.id,
      approverId: approvalDelegations.approverId,
      delegateId: approvalDelegations.delegateId,
      startsAt: approvalDelegations.startsAt,
      endsAt: approvalDelegations.endsAt,
      note: approvalDelegations.note,
      revokedAt: approvalDelegations.revokedAt,
    })
    .from(approvalDelegations)
    .where(
      and(
        eq(approvalDelegations.companyId, ctx.companyId),
        or(eq(approvalDelegations.approverId, ctx.user.id), eq(approvalDelegations.delegateId, ctx.user.id)),
      ),
    )
    .orderBy(asc(approvalDelegations.startsAt));
  const people = await ctx.db
    .select({ id: delegate.id, name: delegate.name, roles: delegate.roles, active: delegate.active })
    .from(delegate)
    .where(eq(delegate.companyId, ctx.companyId))
    .orderBy(asc(delegate.name));
  const nameOf = new Map(people.map((p) => [p.id, p.name]));
  const now = new Date();
  const shaped = rows.map((r) => ({
    ...r,
    approverName: nameOf.get(r.approverId) ?? "",
    delegateName: nameOf.get(r.delegateId) ?? "",
    inForce: !r.revokedAt && r.startsAt <= now && r.endsAt > now,
    // endsAt is exclusive; people think of the last day away.
    lastDay: new Date(r.endsAt.getTime() - 86_400_000).toISOString().slice(0, 10),
    firstDay: r.startsAt.toISOString().slice(0, 10),
  }));
  return {
    mine: shaped.filter((r) => r.approverId === ctx.user.id && !r.revokedAt && r.endsAt > now),
    standingInFor: shaped.filter((r) => r.delegateId === ctx.user.id && !r.revokedAt && r.endsAt > now),
    candidates: people.filter((p) => p.active && p.roles.includes("approver") && p.id !== ctx.user.id).map((p) => ({ id: p.id, name: p.name })),
  };
}
