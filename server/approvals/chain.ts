/**
 * Approval chains in the database: the company's current policy evaluated by
 * the pure engine, stored as steps with their approvers, and moved on one
 * decision at a time. Steps are row-locked while decided, so of several
 * approvers acting on one step at once exactly one decision lands.
 */
import { and, asc, desc, eq, gt, inArray, isNull, lte, ne, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { approvalDelegations, approvalPolicyVersions, approvalStepApprovers, approvalSteps, users } from "@/db/schema";
import type { Role } from "@/common/roles";
import { recordAudit } from "@/server/audit/audit-log";
import { evaluatePolicy, type ApprovalChain, type PolicyLabels } from "@/server/domain/approval-policy";
import { explainCounterpartSteps, policyForRequester, separationOfDutiesNote } from "@/server/domain/separation-of-duties";
import type { Money } from "@/server/domain/money";
import { AppError } from "@/server/errors";
import { companyGroups, peopleWithGroups } from "@/server/groups/members";
import { markHandled, notify } from "@/server/notifications/notify";

export async function currentPolicy(db: Database, companyId: string) {
  const [row] = await db
    .select()
    .from(approvalPolicyVersions)
    .where(eq(approvalPolicyVersions.companyId, companyId))
    .orderBy(desc(approvalPolicyVersions.version))
    .limit(1);
  return row ?? null;
}

/**
 * The rules this requester's requisition is judged by (server/domain/separation-of-duties.ts): the current version,
 * and, when they saved it themselves, the newest version someone else saved as well.
 */
async function policyFor(db: Database, companyId: string, requesterId: string) {
  const current = await currentPolicy(db, companyId);
  if (!current || current.createdById !== requesterId) return { chosen: policyForRequester(current, null, requesterId), savedBy: null };
  const chosen = policyForRequester(current, await counterpartVersion(db, companyId, requesterId), requesterId);
  const authorId = chosen.alsoUnder?.createdById;
  const [author] = authorId ? await db.select({ name: users.name }).from(users).where(eq(users.id, authorId)) : [];
  return { chosen, savedBy: author?.name ?? null };
}

/** The newest version someone other than this person saved, else the company's first (the portal's default). */
export async function counterpartVersion(db: Database, companyId: string, personId: string) {
  const byOthers = and(
    eq(approvalPolicyVersions.companyId, companyId),
    or(isNull(approvalPolicyVersions.createdById), ne(approvalPolicyVersions.createdById, personId)),
  );
  const [someoneElses] = await db.select().from(approvalPolicyVersions).where(byOthers).orderBy(desc(approvalPolicyVersions.version)).limit(1);
  if (someoneElses) return someoneElses;
  const [first] = await db
    .select()
    .from(approvalPolicyVersions)
    .where(eq(approvalPolicyVersions.companyId, companyId))
    .orderBy(asc(approvalPolicyVersions.version))
    .limit(1);
  return first ?? null;
}

export interface ChainFacts {
  companyId: string;
  requesterId: string;
  requesterRoles: Role[];
  total: Money;
  costCenter: { id: string; code: string; ownerId: string | null };
  suppliers: { id: string; name: string }[];
  categories: { id: string; name: string }[];
  /** The cost center's budget left before this requisition; null without a budget. */
  remainingBudget: Money | null;
}

export interface EvaluatedChain {
  policyVersionId: string | null;
  policyVersion: number | null;
  chain: ApprovalChain;
  /** Approver names by id, for saying who is in each step. */
  names: Map<string, string>;
  /** One line for the record: why it needs approval, or why it does not. */
  summary: string;
  /** The older version also applied because the requester saved the current one (separation of duties). */
  alsoUnderPolicyVersion: number | null;
  /** Why, in words, when it was; part of the summary. */
  separationOfDuties: string | null;
}

/** The chain the company's current policy gives these facts, with names for people. */
export async function evaluateChainFor(db: Database, facts: ChainFacts): Promise<EvaluatedChain> {
  const [{ chosen, savedBy }, people, groups] = await Promise.all([
    policyFor(db, facts.companyId, facts.requesterId),
    peopleWithGroups(db, facts.companyId),
    companyGroups(db, facts.companyId),
  ]);
  const labels: PolicyLabels = {
    costCenters: { [facts.costCenter.id]: facts.costCenter.code },
    suppliers: Object.fromEntries(facts.suppliers.map((s) => [s.id, s.name])),
    categories: Object.fromEntries(facts.categories.map((c) => [c.id, c.name])),
    users: Object.fromEntries(people.map((p) => [p.id, p.name])),
    groups: Object.fromEntries(groups.map((g) => [g.id, g.name])),
  };
  const evaluated = evaluatePolicy(
    chosen.rules,
    {
      requesterId: facts.requesterId,
      requesterRoles: facts.requesterRoles,
      total: facts.total,
      costCenterId: facts.costCenter.id,
      costCenterOwnerId: facts.costCenter.ownerId,
      supplierIds: facts.suppliers.map((s) => s.id),
      categoryIds: facts.categories.map((c) => c.id),
      remainingBudget: facts.remainingBudget,
    },
    people,
    labels,
  );
  const chain = explainCounterpartSteps(evaluated, chosen);
  const names = new Map(people.map((p) => [p.id, p.name]));
  // A step the older version added already says why; otherwise the summary does.
  const explained = chain.steps.some((s, i) => s.reasons.length !== evaluated.steps[i]!.reasons.length);
  const separationOfDuties = explained ? null : separationOfDutiesNote(chosen, savedBy);
  return {
    policyVersionId: chosen.current?.id ?? null,
    policyVersion: chosen.current?.version ?? null,
    chain,
    names,
    summary: summarizeChain(chain, names, separationOfDuties),
    alsoUnderPolicyVersion: chosen.alsoUnder?.version ?? null,
    separationOfDuties,
  };
}

export function summarizeChain(chain: ApprovalChain, names: Map<string, string>, separationOfDuties: string | null = null): string {
  const steps = summarizeSteps(chain, names);
  return separationOfDuties ? `${steps}. ${separationOfDuties}` : steps;
}

function summarizeSteps(chain: ApprovalChain, names: Map<string, string>): string {
  if (chain.autoApproved) return "No approval rule applies: approved automatically";
  return chain.steps
    .map((s) => {
      const who = s.approverIds.map((id) => names.get(id) ?? "someone").join(s.mode === "all" ? " and " : " or ");
      return `Level ${s.level}: ${who}${s.fellBackToAdmins ? " (admins, as nobody else can approve)" : ""}, because ${s.reasons.join(" and ")}`;
    })
    .join("; ");
}

/**
 * Stores the chain for one revision of a requisition: the lowest level's steps
 * go to their approvers' inboxes now, later levels wait their turn.
 */
export async function startChain(
  tx: Database,
  args: { companyId: string; requisitionId: string; requisitionLabel: string; revision: number; chain: ApprovalChain; now: Date },
): Promise<void> {
  const { chain } = args;
  if (chain.autoApproved) return;
  const unapprovable = chain.steps.find((s) => s.approverIds.length === 0);
  if (unapprovable) {
    throw new AppError(
      "precondition",
      `Nobody can approve this requisition (${unapprovable.reasons.join(" and ")}) and your company has no admin to stand in. Ask an admin to fix the approval policy.`,
    );
  }
  const firstLevel = Math.min(...chain.steps.map((s) => s.level));
  for (const [position, step] of chain.steps.entries()) {
    const active = step.level === firstLevel;
    const [row] = await tx
      .insert(approvalSteps)
      .values({
        companyId: args.companyId,
        requisitionId: args.requisitionId,
        revision: args.revision,
        position,
        level: step.level,
        ruleId: step.ruleId,
        mode: step.mode,
        reasons: step.reasons,
        fellBackToAdmins: step.fellBackToAdmins,
        state: active ? "pending" : "waiting",
        activatedAt: active ? args.now : null,
      })
      .returning({ id: approvalSteps.id });
    await tx.insert(approvalStepApprovers).values(
      step.approverIds.map((userId) => ({
        companyId: args.companyId,
        stepId: row!.id,
        userId,
        source: step.fellBackToAdmins ? ("admin_fallback" as const) : ("policy" as const),
      })),
    );
    if (active) await notifyWaiting(tx, args.companyId, args.requisitionId, args.requisitionLabel, step.approverIds, step.reasons);
  }
}

export async function notifyWaiting(tx: Database, companyId: string, requisitionId: string, label: string, approverIds: string[], reasons: string[]) {
  const delegates = await delegatesStandingInFor(tx, approverIds, new Date());
  await notify(tx, {
    companyId,
    userIds: [...approverIds, ...delegates.map((d) => d.delegateId)],
    kind: "approval.waiting",
    title: `${label} waits for your approval`,
    body: `${label} needs approval because ${reasons.join(" and ")}.`,
    link: `/requisitions/${requisitionId}`,
  });
}

/** Delegations in force at `at` for these approvers. */
export async function delegatesStandingInFor(db: Database, approverIds: string[], at: Date) {
  if (approverIds.length === 0) return [];
  return db
    .select({ approverId: approvalDelegations.approverId, delegateId: approvalDelegations.delegateId })
    .from(approvalDelegations)
    .where(
      and(
        inArray(approvalDelegations.approverId, approverIds),
        lte(approvalDelegations.startsAt, at),
        gt(approvalDelegations.endsAt, at),
        isNull(approvalDelegations.revokedAt),
      ),
    );
}

/** The approvers this person stands in for at `at` (out-of-office delegations to them). */
export async function approversDelegatingTo(db: Database, delegateId: string, at: Date): Promise<string[]> {
  const rows = await db
    .select({ approverId: approvalDelegations.approverId })
    .from(approvalDelegations)
    .where(
      and(
        eq(approvalDelegations.delegateId, delegateId),
        lte(approvalDelegations.startsAt, at),
        gt(approvalDelegations.endsAt, at),
        isNull(approvalDelegations.revokedAt),
      ),
    );
  return rows.map((r) => r.approverId);
}

/** The steps of a revision with their approvers, in chain order. */
export async function loadChain(db: Database, companyId: string, requisitionId: string, revision: number) {
  return (await loadChains(db, companyId, [{ id: requisitionId, revision }])).get(requisitionId) ?? [];
}

/** Several requisitions' chains in two queries (the inbox shows many at once). */
export async function loadChains(db: Database, companyId: string, wanted: { id: string; revision: number }[]) {
  const result = new Map<string, ChainStepRow[]>();
  if (wanted.length === 0) return result;
  const revisionOf = new Map(wanted.map((w) => [w.id, w.revision]));
  const steps = (
    await db
      .select()
      .from(approvalSteps)
      .where(
        and(
          eq(approvalSteps.companyId, companyId),
          inArray(
            approvalSteps.requisitionId,
            wanted.map((w) => w.id),
          ),
        ),
      )
      .orderBy(asc(approvalSteps.level), asc(approvalSteps.position))
  ).filter((s) => revisionOf.get(s.requisitionId) === s.revision);
  const approvers = steps.length
    ? await db
        .select({
          stepId: approvalStepApprovers.stepId,
          userId: approvalStepApprovers.userId,
          name: users.name,
          source: approvalStepApprovers.source,
          decision: approvalStepApprovers.decision,
          decidedAt: approvalStepApprovers.decidedAt,
          decidedById: approvalStepApprovers.decidedById,
          reason: approvalStepApprovers.reason,
        })
        .from(approvalStepApprovers)
        .innerJoin(users, eq(users.id, approvalStepApprovers.userId))
        .where(
          and(
            eq(approvalStepApprovers.companyId, companyId),
            inArray(
              approvalStepApprovers.stepId,
              steps.map((s) => s.id),
            ),
          ),
        )
        .orderBy(asc(users.name))
    : [];
  const byStep = new Map<string, typeof approvers>();
  for (const a of approvers) byStep.set(a.stepId, [...(byStep.get(a.stepId) ?? []), a]);
  for (const w of wanted) result.set(w.id, []);
  for (const step of steps) result.get(step.requisitionId)!.push({ ...step, approvers: byStep.get(step.id) ?? [] });
  return result;
}

type ChainStepRow = typeof approvalSteps.$inferSelect & {
  approvers: {
    stepId: string;
    userId: string;
    name: string;
    source: "policy" | "admin_fallback" | "escalation";
    decision: "approved" | "rejected" | null;
    decidedAt: Date | null;
    decidedById: string | null;
    reason: string | null;
  }[];
};

export type StoredStep = Awaited<ReturnType<typeof loadChain>>[number];

/**
 * Whom `actorId` would act for on this step now: themselves when they are an
 * undecided approver, or an undecided approver who delegated to them.
 */
export function actingFor(step: StoredStep, actorId: string, delegators: string[]): string | null {
  const open = step.approvers.filter((a) => a.decision === null);
  if (open.some((a) => a.userId === actorId)) return actorId;
  return open.find((a) => delegators.includes(a.userId))?.userId ?? null;
}

/** Marks the rest of a revision's chain as no longer needed (the requisition ended another way). */
export async function skipOpenSteps(tx: Database, requisitionId: string, revision: number, now: Date) {
  await tx
    .update(approvalSteps)
    .set({ state: "skipped", decidedAt: now })
    .where(and(eq(approvalSteps.requisitionId, requisitionId), eq(approvalSteps.revision, revision), inArray(approvalSteps.state, ["pending", "waiting"])));
}

/** Counts, for the badge: steps waiting for this person or someone they stand in for. */
export async function countWaitingFor(db: Database, companyId: string, userId: string, now: Date): Promise<number> {
  const forWhom = [userId, ...(await approversDelegatingTo(db, userId, now))];
  const [row] = await db
    .select({ n: sql<number>`count(distinct ${approvalSteps.id})::int` })
    .from(approvalSteps)
    .innerJoin(approvalStepApprovers, and(eq(approvalStepApprovers.stepId, approvalSteps.id), eq(approvalStepApprovers.companyId, approvalSteps.companyId)))
    .where(
      and(
        eq(approvalSteps.companyId, companyId),
        eq(approvalStepApprovers.companyId, companyId),
        eq(approvalSteps.state, "pending"),
        inArray(approvalStepApprovers.userId, forWhom),
        isNull(approvalStepApprovers.decision),
        sql`not exists (select 1 from requisitions r where r.id = ${approvalSteps.requisitionId} and r.requester_id = ${userId})`,
      ),
    );
  return row?.n ?? 0;
}

/** The chain as people read it: each step's level, who, any/all, and why. */
export function chainPreview(evaluated: EvaluatedChain) {
  return {
    needsApproval: !evaluated.chain.autoApproved,
    summary: evaluated.summary,
    policyVersion: evaluated.policyVersion,
    steps: evaluated.chain.steps.map((s) => ({
      level: s.level,
      mode: s.mode,
      approverNames: s.approverIds.map((id) => evaluated.names.get(id) ?? "someone"),
      reasons: s.reasons,
      fellBackToAdmins: s.fellBackToAdmins,
    })),
  };
}

export type StepDecision = { approve: true } | { approve: false; reason: string };

/**
 * One approver's decision on a pending step, under the step's row lock, so of several approvers acting on one step at
 * once exactly one decision lands; false when the step or this approver's place in it was decided a moment ago.
 */
export async function recordStepDecision(
  tx: Database,
  args: {
    companyId: string;
    requisitionId: string;
    revision: number;
    step: StoredStep;
    onBehalfOf: string;
    actorId: string;
    decision: StepDecision;
    now: Date;
  },
): Promise<boolean> {
  const { step, decision, now } = args;
  const [locked] = await tx.select({ state: approvalSteps.state }).from(approvalSteps).where(eq(approvalSteps.id, step.id)).for("update");
  if (locked?.state !== "pending") return false;
  const recorded = await tx
    .update(approvalStepApprovers)
    .set({ decision: decision.approve ? "approved" : "rejected", decidedAt: now, decidedById: args.actorId, reason: decision.approve ? null : decision.reason })
    .where(
      and(
        eq(approvalStepApprovers.companyId, args.companyId),
        eq(approvalStepApprovers.stepId, step.id),
        eq(approvalStepApprovers.userId, args.onBehalfOf),
        isNull(approvalStepApprovers.decision),
      ),
    )
    .returning();
  if (recorded.length === 0) return false;
  // Their part is done, whichever way the step goes on.
  await markHandled(tx, {
    companyId: args.companyId,
    link: `/requisitions/${args.requisitionId}`,
    userIds: [args.actorId, args.onBehalfOf],
    onlyAsksToAct: true,
  });
  await recordAudit(tx, {
    companyId: args.companyId,
    actorId: args.actorId,
    action: decision.approve ? "approval.step_approved" : "approval.step_rejected",
    subject: { type: "requisition", id: args.requisitionId },
    details: {
      revision: args.revision,
      level: step.level,
      onBehalfOf: args.onBehalfOf === args.actorId ? null : args.onBehalfOf,
      reason: decision.approve ? null : decision.reason,
    },
  });
  if (!decision.approve) await tx.update(approvalSteps).set({ state: "rejected", decidedAt: now }).where(eq(approvalSteps.id, step.id));
  return true;
}

export type ChainProgress = { kind: "waiting"; message: string } | { kind: "complete" };

/**
 * After an approval is recorded: whether the step is done (any one, or all of its approvers), whether its level is,
 * and if so the next level's steps go to their approvers' inboxes. "complete" when nothing is left to approve.
 */
export async function advanceChain(
  tx: Database,
  args: { companyId: string; requisitionId: string; revision: number; label: string; step: StoredStep; now: Date },
): Promise<ChainProgress> {
  const { step, label, now } = args;
  const stepDone =
    step.mode === "any" ||
    (
      await tx
        .select({ decision: approvalStepApprovers.decision })
        .from(approvalStepApprovers)
        .where(and(eq(approvalStepApprovers.companyId, args.companyId), eq(approvalStepApprovers.stepId, step.id)))
    ).every((a) => a.decision === "approved");
  if (!stepDone) return { kind: "waiting", message: `Your approval of ${label} is recorded; it waits for the other approvers of level ${step.level}.` };
  await tx.update(approvalSteps).set({ state: "approved", decidedAt: now }).where(eq(approvalSteps.id, step.id));
  // The step is decided for everyone in it (and whoever stands in for them).
  const inStep = step.approvers.map((a) => a.userId);
  const standingIn = (await delegatesStandingInFor(tx, inStep, now)).map((d) => d.delegateId);
  await markHandled(tx, { companyId: args.companyId, link: `/requisitions/${args.requisitionId}`, userIds: [...inStep, ...standingIn], onlyAsksToAct: true });

  const rest = await tx
    .select()
    .from(approvalSteps)
    .where(
      and(eq(approvalSteps.requisitionId, args.requisitionId), eq(approvalSteps.revision, args.revision), inArray(approvalSteps.state, ["pending", "waiting"])),
    );
  if (rest.some((s) => s.state === "pending"))
    return { kind: "waiting", message: `Your approval of ${label} is recorded; other steps of level ${step.level} are still open.` };
  if (rest.length === 0) return { kind: "complete" };
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
      and(
        eq(approvalStepApprovers.companyId, args.companyId),
        inArray(
          approvalStepApprovers.stepId,
          next.map((s) => s.id),
        ),
      ),
    );
  await notifyWaiting(
    tx,
    args.companyId,
    args.requisitionId,
    label,
    nextApprovers.map((a) => a.userId),
    next.flatMap((s) => s.reasons),
  );
  return { kind: "waiting", message: `${label} approved at level ${step.level}; it now waits for level ${nextLevel}.` };
}

/** Whether this approval, if it lands, is the chain's last: nobody else in an "all" step and no later step open. */
export function isLastApproval(chain: StoredStep[], step: StoredStep, onBehalfOf: string): boolean {
  const othersInStep = step.mode === "all" ? step.approvers.filter((a) => a.decision === null && a.userId !== onBehalfOf).length : 0;
  const laterSteps = chain.filter((s) => s.id !== step.id && (s.state === "pending" || s.state === "waiting")).length;
  return othersInStep === 0 && laterSteps === 0;
}
