/**
 * Deactivating a person: they cannot sign in and every session of theirs ends at once, their history stays, and the
 * approval steps waiting for them go on without them (server/domain/approval-reassignment.ts), said in the audit log and
 * told to whoever now decides. The company always keeps one active admin.
 */
import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { approvalStepApprovers, approvalSteps, requisitions, users } from "@/db/schema";
import type { ChangeContext } from "@/server/actor";
import { notifyWaiting } from "@/server/approvals/chain";
import { recordAudit } from "@/server/audit/audit-log";
import { reassignOnLeaving } from "@/server/domain/approval-reassignment";
import { requisitionLabel } from "@/server/requisitions/lifecycle";
import { AppError, notFound } from "@/server/errors";
import { endEverySessionOf } from "@/server/sessions/sessions";

async function personInCompany(db: Database, companyId: string, userId: string) {
  const [person] = await db
    .select({ id: users.id, name: users.name, roles: users.roles, active: users.active })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.companyId, companyId)))
    .for("update");
  if (!person) throw notFound("That person");
  return person;
}

/**
 * Refuses a change that would leave the company without an active admin; `leaving` is the admin about to stop being one
 * (deactivated, or their admin role taken away). Locks the other admins' rows, so two admins removing each other at once
 * cannot leave none. `field` is where the refusal is shown.
 */
export async function keepAnActiveAdmin(tx: Database, companyId: string, leaving: { id: string; name: string }, field = "userId"): Promise<void> {
  const others = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.companyId, companyId), eq(users.active, true), ne(users.id, leaving.id), sql`'admin' = any(${users.roles})`))
    .for("update");
  if (others.length === 0) throw new AppError("precondition", `${leaving.name} is the only active admin; make someone else an admin first.`, { field });
}

export async function deactivatePerson(ctx: ChangeContext, input: { userId: string }) {
  return ctx.db.transaction(async (tx) => {
    const person = await personInCompany(tx, ctx.companyId, input.userId);
    if (!person.active) return { deactivated: false, reassignedSteps: 0 };
    if (person.roles.includes("admin")) await keepAnActiveAdmin(tx, ctx.companyId, person);
    await tx.update(users).set({ active: false }).where(eq(users.id, person.id));
    await endEverySessionOf(tx, person.id, "deactivated");
    await recordAudit(tx, {
      companyId: ctx.companyId,
      actorId: ctx.user?.id ?? null,
      via: ctx.via,
      action: "user.deactivated",
      subject: { type: "user", id: person.id },
      details: { name: person.name },
    });

    const waiting = await tx
      .select({
        stepId: approvalSteps.id,
        state: approvalSteps.state,
        mode: approvalSteps.mode,
        level: approvalSteps.level,
        reasons: approvalSteps.reasons,
        requisitionId: approvalSteps.requisitionId,
        requesterId: requisitions.requesterId,
        number: requisitions.number,
      })
      .from(approvalStepApprovers)
      .innerJoin(approvalSteps, and(eq(approvalSteps.id, approvalStepApprovers.stepId), eq(approvalSteps.companyId, approvalStepApprovers.companyId)))
      .innerJoin(requisitions, eq(requisitions.id, approvalSteps.requisitionId))
      .where(
        and(
          eq(approvalStepApprovers.companyId, ctx.companyId),
          eq(approvalSteps.companyId, ctx.companyId),
          eq(approvalStepApprovers.userId, person.id),
          isNull(approvalStepApprovers.decision),
          inArray(approvalSteps.state, ["pending", "waiting"]),
        ),
      )
      .for("update", { of: approvalSteps });
    if (waiting.length === 0) return { deactivated: true, reassignedSteps: 0 };

    const admins = await tx
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(and(eq(users.companyId, ctx.companyId), eq(users.active, true), sql`'admin' = any(${users.roles})`));
    const names = new Map(admins.map((a) => [a.id, a.name]));
    const approvers = await tx
      .select({
        stepId: approvalStepApprovers.stepId,
        userId: approvalStepApprovers.userId,
        decision: approvalStepApprovers.decision,
        active: users.active,
        name: users.name,
      })
      .from(approvalStepApprovers)
      .innerJoin(users, eq(users.id, approvalStepApprovers.userId))
      .where(
        and(
          eq(approvalStepApprovers.companyId, ctx.companyId),
          inArray(
            approvalStepApprovers.stepId,
            waiting.map((w) => w.stepId),
          ),
        ),
      );
    for (const a of approvers) names.set(a.userId, a.name);

    for (const step of waiting) {
      const label = requisitionLabel(step);
      const outcome = reassignOnLeaving(
        { mode: step.mode, approvers: approvers.filter((a) => a.stepId === step.stepId) },
        person.id,
        // A requester never approves their own requisition, admin or not.
        admins.map((a) => a.id).filter((id) => id !== step.requesterId),
      );
      if (outcome.kind === "untouched") continue;
      if (outcome.kind === "nobody_left") {
        // Kept rather than removed: the step then says whom it waited for, and the audit says nobody could take it.
        await recordAudit(tx, {
          companyId: ctx.companyId,
          actorId: ctx.user?.id ?? null,
          via: ctx.via,
          action: "approval.step_unassigned",
          subject: { type: "requisition", id: step.requisitionId },
          details: { level: step.level, leaving: person.name, message: `Nobody is left to approve level ${step.level} of ${label} in ${person.name}'s place.` },
        });
        continue;
      }
      await tx
        .delete(approvalStepApprovers)
        .where(
          and(eq(approvalStepApprovers.companyId, ctx.companyId), eq(approvalStepApprovers.stepId, step.stepId), eq(approvalStepApprovers.userId, person.id)),
        );
      const newcomers = outcome.kind === "to_admins" ? outcome.admins : [];
      if (newcomers.length > 0) {
        await tx
          .insert(approvalStepApprovers)
          .values(newcomers.map((userId) => ({ companyId: ctx.companyId, stepId: step.stepId, userId, source: "admin_fallback" as const })))
          .onConflictDoNothing();
        // Any one admin decides in the leaver's place, whatever the step asked of its own approvers.
        await tx.update(approvalSteps).set({ mode: "any", fellBackToAdmins: true }).where(eq(approvalSteps.id, step.stepId));
      }
      const to = outcome.kind === "to_admins" ? outcome.admins : outcome.others;
      await recordAudit(tx, {
        companyId: ctx.companyId,
        actorId: ctx.user?.id ?? null,
        via: ctx.via,
        action: "approval.step_reassigned",
        subject: { type: "requisition", id: step.requisitionId },
        details: {
          level: step.level,
          leaving: person.name,
          to: to.map((id) => names.get(id) ?? id),
          because: outcome.kind === "to_admins" ? "nobody else in the step could decide" : "the step's other approvers decide",
        },
      });
      // Only a step already in inboxes is news; a later one arrives when its level opens.
      if (step.state === "pending" && newcomers.length > 0) {
        await notifyWaiting(tx, ctx.companyId, step.requisitionId, label, newcomers, [`${person.name}, who was to approve it, has left`]);
      }
    }
    return { deactivated: true, reassignedSteps: waiting.length };
  });
}

export async function reactivatePerson(ctx: ChangeContext, input: { userId: string }) {
  return ctx.db.transaction(async (tx) => {
    const person = await personInCompany(tx, ctx.companyId, input.userId);
    if (person.active) return { reactivated: false };
    await tx.update(users).set({ active: true }).where(eq(users.id, person.id));
    await recordAudit(tx, {
      companyId: ctx.companyId,
      actorId: ctx.user?.id ?? null,
      via: ctx.via,
      action: "user.reactivated",
      subject: { type: "user", id: person.id },
      details: { name: person.name },
    });
    return { reactivated: true };
  });
}
