/**
 * An approver's decision on the step of a requisition that waits for them (or for someone they stand in for). Nobody
 * decides their own requisition; a delegate's decision records both people; an approval may take single lines out
 * with a reason. The chain's last approval first asks the suppliers for today's prices (outside any lock): a rise past
 * the company's tolerance, or an item no longer sold, sends the requisition back to its requester instead of ordering.
 */
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { requisitionLines, requisitions, users } from "@/db/schema";
import type { ActorContext } from "@/server/actor";
import { AppError, invalid } from "@/server/errors";
import { loadRequisitionInCompany } from "@/server/requisitions/access";
import { inLifecycle, requisitionLabel } from "@/server/requisitions/lifecycle";
import { actingFor, advanceChain, approversDelegatingTo, isLastApproval, loadChain, recordStepDecision, type StoredStep } from "./chain";
import { recheckBeforePlacing, type RecheckResult } from "./recheck";

export type Decision = { approve: true; rejectedLines: { lineId: string; reason: string }[] } | { approve: false; reason: string };

export type DecisionOutcome = "approved" | "waiting" | "returned" | "rejected";

async function alreadyDecided(db: Database, requisitionId: string, label: string): Promise<AppError> {
  const [current] = await db
    .select({ status: requisitions.status, by: users.name })
    .from(requisitions)
    .leftJoin(users, eq(users.id, requisitions.decidedById))
    .where(eq(requisitions.id, requisitionId));
  const who = current?.by ? ` by ${current.by}` : "";
  const status = current?.status ?? "pending_approval";
  const what =
    status === "pending_approval"
      ? "decided at this step"
      : status === "rejected" || status === "withdrawn"
        ? status
        : status === "returned"
          ? "returned to the requester"
          : "approved";
  return new AppError("conflict", `${label} was already ${what}${who}; nothing was changed.`);
}

/** The step that waits for this person now, and whom they act for on it; refuses with why when there is none. */
async function stepFor(ctx: ActorContext, chain: StoredStep[], delegators: string[], requisitionId: string, label: string) {
  const step = chain.find((s) => s.state === "pending" && actingFor(s, ctx.user.id, delegators));
  if (step) return { step, onBehalfOf: actingFor(step, ctx.user.id, delegators)! };
  if (chain.some((s) => s.approvers.some((a) => a.decidedById === ctx.user.id && s.state === "pending"))) {
    throw new AppError("conflict", `You already approved ${label}; it waits for the other approvers of this step.`);
  }
  if (chain.some((s) => s.state !== "pending" && s.state !== "waiting" && s.approvers.some((a) => a.userId === ctx.user.id || delegators.includes(a.userId)))) {
    throw await alreadyDecided(ctx.db, requisitionId, label);
  }
  throw new AppError("forbidden", `${label} is not waiting for you.`);
}

export async function decideRequisition(ctx: ActorContext, requisitionId: string, decision: Decision) {
  const now = new Date();
  const requisition = await loadRequisitionInCompany(ctx.db, ctx.companyId, requisitionId);
  const label = requisitionLabel(requisition);
  if (requisition.requesterId === ctx.user.id) throw new AppError("forbidden", "You cannot approve or reject your own requisition.");
  if (requisition.status !== "pending_approval") throw await alreadyDecided(ctx.db, requisition.id, label);

  const [chain, delegators] = await Promise.all([
    loadChain(ctx.db, ctx.companyId, requisition.id, requisition.revision),
    approversDelegatingTo(ctx.db, ctx.user.id, now),
  ]);
  const { step, onBehalfOf } = await stepFor(ctx, chain, delegators, requisition.id, label);

  const lines = await ctx.db
    .select()
    .from(requisitionLines)
    .where(
      and(
        eq(requisitionLines.companyId, ctx.companyId),
        eq(requisitionLines.requisitionId, requisition.id),
        eq(requisitionLines.revision, requisition.revision),
      ),
    );
  const openLines = lines.filter((l) => l.rejectedReason === null);
  const takenOut = decision.approve ? decision.rejectedLines : [];
  for (const [i, r] of takenOut.entries()) {
    if (!openLines.some((l) => l.id === r.lineId))
      throw invalid(`rejectedLines.${i}.lineId`, "That line is not part of this requisition, or was already taken out.");
  }
  // Taking every line out is rejecting the requisition, with the lines' reasons.
  const effective: Decision =
    decision.approve && takenOut.length > 0 && takenOut.length === openLines.length
      ? { approve: false, reason: takenOut.map((r) => `${openLines.find((l) => l.id === r.lineId)!.itemCode}: ${r.reason}`).join("; ") }
      : decision;

  const recheck: RecheckResult | null =
    effective.approve && isLastApproval(chain, step, onBehalfOf)
      ? await recheckBeforePlacing(
          ctx.db,
          requisition,
          takenOut.map((r) => r.lineId),
        )
      : null;

  const outcome = await inLifecycle(ctx.db, async (lifecycle): Promise<{ kind: DecisionOutcome | "already"; message?: string }> => {
    const { tx } = lifecycle;
    const recorded = await recordStepDecision(tx, {
      companyId: ctx.companyId,
      requisitionId: requisition.id,
      revision: requisition.revision,
      step,
      onBehalfOf,
      actorId: ctx.user.id,
      decision: effective.approve ? { approve: true } : { approve: false, reason: effective.reason },
      now,
    });
    if (!recorded) return { kind: "already" };
    if (!effective.approve) {
      await lifecycle.rejected(requisition, ctx.user, effective.reason, now);
      return { kind: "rejected" };
    }
    if (takenOut.length > 0) await lifecycle.linesTakenOut(requisition, ctx.user, lines, takenOut);
    const progress = await advanceChain(tx, { companyId: ctx.companyId, requisitionId: requisition.id, revision: requisition.revision, label, step, now });
    if (progress.kind === "waiting") return { kind: "waiting", message: progress.message };
    // The chain is complete. Without a fresh re-check (someone else moved the chain meanwhile), do not place on stale prices.
    if (!recheck) throw new AppError("conflict", `${label} changed while you were deciding; nothing was changed. Please try again.`);
    if (recheck.changes.length > 0) {
      await lifecycle.returnedToRequester(requisition, ctx.user, recheck.changes, now);
      return { kind: "returned" };
    }
    await lifecycle.linesRepriced(requisition, recheck.repriced);
    await lifecycle.approved(requisition, ctx.user, now);
    return { kind: "approved" };
  });

  if (outcome.kind === "already") throw await alreadyDecided(ctx.db, requisition.id, label);
  const [after] = await ctx.db.select({ status: requisitions.status }).from(requisitions).where(eq(requisitions.id, requisition.id));
  const messages: Record<Exclude<DecisionOutcome, "waiting">, string> = {
    approved: `${label} approved. The order goes to the supplier now.`,
    returned: `${label} approved, but prices or availability changed at the supplier: it went back to the requester instead of being ordered.`,
    rejected: `${label} rejected. The requester sees your reason.`,
  };
  return {
    requisitionId,
    number: requisition.number,
    status: after!.status,
    outcome: outcome.kind,
    message: outcome.kind === "waiting" ? outcome.message! : messages[outcome.kind],
  };
}
