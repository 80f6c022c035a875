/**
 * Approval steps that wait too long: their approvers are reminded once after
 * the company's reminder time, and after its escalation time the company's
 * admins are added to the step (and told), so nothing waits forever on an
 * absent approver. `now` is a parameter so tests control the clock.
 */
import { and, eq, isNull, lte, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { approvalStepApprovers, approvalSteps, companies, requisitions, users } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit-log";
import { notify } from "@/server/notifications/notify";

const HOUR_MS = 3_600_000;

export async function runEscalations(db: Database, now = new Date(), only: { companyId?: string } = {}): Promise<{ reminded: number; escalated: number }> {
  const open = await db
    .select({
      step: approvalSteps,
      requisitionNumber: requisitions.number,
      requesterId: requisitions.requesterId,
      reminderHours: companies.reminderHours,
      escalationHours: companies.escalationHours,
    })
    .from(approvalSteps)
    .innerJoin(requisitions, and(eq(requisitions.id, approvalSteps.requisitionId), eq(requisitions.revision, approvalSteps.revision)))
    .innerJoin(companies, eq(companies.id, approvalSteps.companyId))
    .where(
      and(
        eq(approvalSteps.state, "pending"),
        eq(requisitions.status, "pending_approval"),
        isNull(approvalSteps.escalatedAt),
        lte(approvalSteps.activatedAt, now),
        only.companyId ? eq(approvalSteps.companyId, only.companyId) : undefined,
      ),
    );
  let reminded = 0;
  let escalated = 0;
  for (const row of open) {
    const waitedMs = now.getTime() - row.step.activatedAt!.getTime();
    const label = `REQ-${row.requisitionNumber}`;
    if (waitedMs >= row.escalationHours * HOUR_MS) {
      if (await escalate(db, row.step.id, row.step.companyId, row.step.requisitionId, row.requesterId, label, row.escalationHours, now)) escalated++;
    } else if (waitedMs >= row.reminderHours * HOUR_MS && !row.step.remindedAt) {
      if (await remind(db, row.step.id, row.step.companyId, row.step.requisitionId, label, row.escalationHours - Math.floor(waitedMs / HOUR_MS), now))
        reminded++;
    }
  }
  return { reminded, escalated };
}

async function undecidedApprovers(db: Database, companyId: string, stepId: string) {
  return db
    .select({ userId: approvalStepApprovers.userId })
    .from(approvalStepApprovers)
    .where(and(eq(approvalStepApprovers.companyId, companyId), eq(approvalStepApprovers.stepId, stepId), isNull(approvalStepApprovers.decision)));
}

async function remind(db: Database, stepId: string, companyId: string, requisitionId: string, label: string, hoursLeft: number, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Conditional: two worker passes (or two portal instances) remind once.
    const [claimed] = await tx
      .update(approvalSteps)
      .set({ remindedAt: now })
      .where(and(eq(approvalSteps.id, stepId), isNull(approvalSteps.remindedAt), eq(approvalSteps.state, "pending")))
      .returning({ id: approvalSteps.id });
    if (!claimed) return false;
    const approvers = await undecidedApprovers(tx, companyId, stepId);
    await notify(tx, {
      companyId,
      userIds: approvers.map((a) => a.userId),
      kind: "approval.reminder",
      title: `Reminder: ${label} still waits for your approval`,
      body: `${label} has been waiting for you; it goes to the admins in about ${Math.max(1, hoursLeft)} hours if nobody decides.`,
      link: `/requisitions/${requisitionId}`,
    });
    await recordAudit(tx, { companyId, actorId: null, action: "approval.reminded", subject: { type: "requisition", id: requisitionId }, details: { stepId } });
    return true;
  });
}

async function escalate(
  db: Database,
  stepId: string,
  companyId: string,
  requisitionId: string,
  requesterId: string,
  label: string,
  hours: number,
  now: Date,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(approvalSteps)
      .set({ escalatedAt: now })
      .where(and(eq(approvalSteps.id, stepId), isNull(approvalSteps.escalatedAt), eq(approvalSteps.state, "pending")))
      .returning({ id: approvalSteps.id });
    if (!claimed) return false;
    const admins = await tx
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(and(eq(users.companyId, companyId), eq(users.active, true), sql`'admin' = any(${users.roles})`, sql`${users.id} <> ${requesterId}`));
    if (admins.length > 0) {
      await tx
        .insert(approvalStepApprovers)
        .values(admins.map((a) => ({ companyId, stepId, userId: a.id, source: "escalation" as const })))
        .onConflictDoNothing();
    }
    await recordAudit(tx, {
      companyId,
      actorId: null,
      action: "approval.escalated",
      subject: { type: "requisition", id: requisitionId },
      details: { stepId, afterHours: hours, to: admins.map((a) => a.name) },
    });
    await notify(tx, {
      companyId,
      userIds: admins.map((a) => a.id),
      kind: "approval.escalated",
      title: `${label} was escalated to you`,
      body: `${label} waited more than ${hours} hours for its approvers, so it now waits for the admins as well.`,
      link: `/requisitions/${requisitionId}`,
    });
    return true;
  });
}
