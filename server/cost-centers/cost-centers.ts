/**
 * Cost centers and their budgets, as admins keep them: who owns each (and signs off on its spend), who may charge it,
 * and a budget per period. Every change is audited; an owner sees their own cost center's budgets.
 */
import { and, asc, desc, eq, ne, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { budgets, costCenters, costCenterUsers, users } from "@/db/schema";
import type { ActorContext } from "@/server/actor";
import { auditTrail, recordAudit, type AuditSubject } from "@/server/audit/audit-log";
import { parsePeriod, periodKey, periodLabel, periodsOverlap, type Period } from "@/server/domain/budgets";
import { formatMoney, money, parseMajorUnits, type Money } from "@/server/domain/money";
import { AppError, invalid, notFound } from "@/server/errors";
import { budgetPositionAt } from "@/server/spend/ledger";

export interface CostCenterFields {
  code: string;
  name: string;
  description: string;
  ownerId: string | null;
  glAccount: string;
  currency: string;
  memberIds: string[];
}

/** An amount as the admin typed it in major units ("5000", "5,000.00"); the cost center's currency decides its decimals. */
export interface BudgetAmount {
  amount: string;
  currency?: string;
}

const isAdmin = (ctx: ActorContext) => ctx.user.roles.includes("admin");

async function loadCostCenterInCompany(db: Database, companyId: string, costCenterId: string) {
  const [row] = await db
    .select()
    .from(costCenters)
    .where(and(eq(costCenters.id, costCenterId), eq(costCenters.companyId, companyId)));
  if (!row) throw notFound("That cost center");
  return row;
}

async function companyUsers(db: Database, companyId: string) {
  return db
    .select({ id: users.id, name: users.name, email: users.email, roles: users.roles, active: users.active, defaultCostCenterId: users.defaultCostCenterId })
    .from(users)
    .where(eq(users.companyId, companyId))
    .orderBy(asc(users.name));
}

/** Owner and members must be people of this company; the owner signs off on spend, so must be an approver. */
async function checkPeople(db: Database, companyId: string, input: { ownerId: string | null; memberIds: string[] }, currentOwnerId: string | null = null) {
  const people = await companyUsers(db, companyId);
  const byId = new Map(people.map((p) => [p.id, p]));
  // An owner who has since lost the approver role stays until someone is chosen instead; it must not block every other edit.
  if (input.ownerId && input.ownerId !== currentOwnerId) {
    const owner = byId.get(input.ownerId);
    if (!owner) throw invalid("ownerId", "Choose the owner from your company's people.");
    if (!owner.roles.includes("approver")) throw invalid("ownerId", `${owner.name} is not an approver; a cost center's owner must be one.`);
  }
  const stranger = input.memberIds.find((id) => !byId.has(id));
  if (stranger) throw invalid("memberIds", "Choose the people who may charge it from your company's people.");
}

async function assertCodeFree(db: Database, companyId: string, code: string, exceptId?: string) {
  const [taken] = await db
    .select({ code: costCenters.code, name: costCenters.name })
    .from(costCenters)
    .where(and(eq(costCenters.companyId, companyId), sql`lower(${costCenters.code}) = lower(${code})`, exceptId ? ne(costCenters.id, exceptId) : undefined));
  if (taken) throw invalid("code", `${taken.code} is already used by ${taken.name}; choose another code.`);
}

const audit = (db: Database, ctx: ActorContext, action: string, subjectType: AuditSubject, subjectId: string, details: Record<string, unknown>) =>
  recordAudit(db, { companyId: ctx.companyId, actorId: ctx.user.id, action, subject: { type: subjectType, id: subjectId }, details });

export async function listCostCenters(ctx: ActorContext) {
  const now = new Date();
  const [centers, members, people] = await Promise.all([
    ctx.db.select().from(costCenters).where(eq(costCenters.companyId, ctx.companyId)).orderBy(asc(costCenters.code)),
    ctx.db
      .select({ costCenterId: costCenterUsers.costCenterId, userId: costCenterUsers.userId })
      .from(costCenterUsers)
      .innerJoin(costCenters, and(eq(costCenters.id, costCenterUsers.costCenterId), eq(costCenters.companyId, costCenterUsers.companyId)))
      .where(eq(costCenterUsers.companyId, ctx.companyId)),
    companyUsers(ctx.db, ctx.companyId),
  ]);
  const names = new Map(people.map((p) => [p.id, p.name]));
  const positions = await Promise.all(centers.map((c) => budgetPositionAt(ctx.db, c.id, now)));
  return {
    costCenters: centers.map((c, i) => ({
      ...c,
      ownerName: c.ownerId ? (names.get(c.ownerId) ?? null) : null,
      memberIds: members.filter((m) => m.costCenterId === c.id).map((m) => m.userId),
      currentBudget: positions[i] ?? null,
    })),
    people: people.map((p) => ({ ...p, isApprover: p.roles.includes("approver") })),
  };
}

export async function createCostCenter(ctx: ActorContext, input: CostCenterFields) {
  await checkPeople(ctx.db, ctx.companyId, input);
  return ctx.db.transaction(async (tx) => {
    await assertCodeFree(tx, ctx.companyId, input.code);
    const [created] = await tx
      .insert(costCenters)
      .values({
        companyId: ctx.companyId,
        code: input.code,
        name: input.name,
        description: input.description,
        ownerId: input.ownerId,
        glAccount: input.glAccount || null,
        currency: input.currency,
      })
      .returning();
    const memberIds = [...new Set(input.memberIds)];
    if (memberIds.length) await tx.insert(costCenterUsers).values(memberIds.map((userId) => ({ companyId: ctx.companyId, costCenterId: created!.id, userId })));
    await audit(tx, ctx, "cost_center.created", "cost_center", created!.id, {
      code: input.code,
      name: input.name,
      currency: input.currency,
      members: memberIds.length,
    });
    return created!;
  });
}

export async function updateCostCenter(ctx: ActorContext, input: CostCenterFields & { id: string; active: boolean }) {
  const current = await loadCostCenterInCompany(ctx.db, ctx.companyId, input.id);
  await checkPeople(ctx.db, ctx.companyId, input, current.ownerId);
  if (input.currency !== current.currency) {
    const [anyBudget] = await ctx.db.select({ id: budgets.id }).from(budgets).where(eq(budgets.costCenterId, current.id)).limit(1);
    if (anyBudget) throw invalid("currency", `${current.code} already has budgets in ${current.currency}; its currency cannot change.`);
  }
  return ctx.db.transaction(async (tx) => {
    await assertCodeFree(tx, ctx.companyId, input.code, current.id);
    const [updated] = await tx
      .update(costCenters)
      .set({
        code: input.code,
        name: input.name,
        description: input.description,
        ownerId: input.ownerId,
        glAccount: input.glAccount || null,
        currency: input.currency,
        active: input.active,
      })
      .where(and(eq(costCenters.id, current.id), eq(costCenters.companyId, ctx.companyId)))
      .returning();
    const memberIds = [...new Set(input.memberIds)];
    await tx.delete(costCenterUsers).where(and(eq(costCenterUsers.companyId, ctx.companyId), eq(costCenterUsers.costCenterId, current.id)));
    if (memberIds.length) await tx.insert(costCenterUsers).values(memberIds.map((userId) => ({ companyId: ctx.companyId, costCenterId: current.id, userId })));
    // People who may no longer charge it should not find it preselected at checkout.
    await tx
      .update(users)
      .set({ defaultCostCenterId: null })
      .where(
        and(
          eq(users.defaultCostCenterId, current.id),
          memberIds.length
            ? sql`${users.id} not in (${sql.join(
                memberIds.map((id) => sql`${id}::uuid`),
                sql`, `,
              )})`
            : undefined,
        ),
      );
    const changed = Object.fromEntries(
      (["code", "name", "description", "ownerId", "glAccount", "currency", "active"] as const)
        .filter((k) => (current[k] ?? "") !== ((k === "glAccount" ? input.glAccount || null : input[k]) ?? ""))
        .map((k) => [k, { from: current[k], to: k === "glAccount" ? input.glAccount || null : input[k] }]),
    );
    await audit(tx, ctx, "cost_center.updated", "cost_center", current.id, { changed, members: memberIds.length });
    return updated!;
  });
}

export async function setDefaultCostCenter(ctx: ActorContext, input: { userId: string; costCenterId: string | null }) {
  const [person] = await ctx.db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.id, input.userId), eq(users.companyId, ctx.companyId)));
  if (!person) throw notFound("That person");
  if (input.costCenterId) {
    const center = await loadCostCenterInCompany(ctx.db, ctx.companyId, input.costCenterId);
    const [member] = await ctx.db
      .select({ userId: costCenterUsers.userId })
      .from(costCenterUsers)
      .where(and(eq(costCenterUsers.companyId, ctx.companyId), eq(costCenterUsers.costCenterId, center.id), eq(costCenterUsers.userId, person.id)));
    if (!member) throw invalid("costCenterId", `${person.name} may not charge ${center.code}; add them to it first.`);
    if (!center.active) throw invalid("costCenterId", `${center.code} is closed.`);
  }
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ defaultCostCenterId: input.costCenterId }).where(eq(users.id, person.id));
    await audit(tx, ctx, "user.default_cost_center_set", "user", person.id, { costCenterId: input.costCenterId });
  });
  return { userId: person.id, defaultCostCenterId: input.costCenterId };
}

/** Admins see every cost center; an owner sees their own. Anyone else is told so. */
async function loadVisibleCostCenter(ctx: ActorContext, costCenterId: string) {
  const center = await loadCostCenterInCompany(ctx.db, ctx.companyId, costCenterId);
  if (!isAdmin(ctx) && center.ownerId !== ctx.user.id) throw new AppError("forbidden", `Only admins and the owner of ${center.code} see its budgets.`);
  return center;
}

export async function costCenterDetail(ctx: ActorContext, input: { costCenterId: string }) {
  const center = await loadVisibleCostCenter(ctx, input.costCenterId);
  const rows = await ctx.db.select().from(budgets).where(eq(budgets.costCenterId, center.id)).orderBy(desc(budgets.periodStart));
  const positions = await Promise.all(rows.map((b) => budgetPositionAt(ctx.db, center.id, b.periodStart)));
  // Newest change first, as the budget's history reads.
  const history = (
    await auditTrail(
      ctx.db,
      ctx.companyId,
      rows.map((b) => b.id),
      "budget",
    )
  ).reverse();
  return {
    costCenter: center,
    budgets: rows.map((b, i) => {
      const period: Period = { kind: b.periodKind, start: b.periodStart, end: b.periodEnd };
      return {
        id: b.id,
        period: periodKey(period),
        periodLabel: periodLabel(period),
        amount: money(b.amountMinor, b.currency),
        position: positions[i] ?? null,
        history: history
          .filter((h) => h.subjectId === b.id)
          .map((h) => ({
            at: h.at,
            action: h.action,
            by: h.actorName ?? "system",
            details: h.details as { from?: string; to?: string; reason?: string; amount?: string },
          })),
      };
    }),
  };
}

/** The amount typed in the form, in the cost center's currency; the currency, when given, must be that one. */
function budgetAmount(center: { code: string; currency: string }, amountText: string, currency: string | undefined): Money {
  if (currency && currency !== center.currency) throw invalid("currency", `${center.code} keeps its budget in ${center.currency}, not ${currency}.`);
  const amount = parseMajorUnits(amountText, center.currency);
  if (!amount) throw invalid("amount", `Enter an amount in ${center.currency} like 5000 or 5,000.00, with at most the currency's decimals.`);
  if (amount.amount < 0) throw invalid("amount", "A budget cannot be negative.");
  if (amount.amount > 1e15) throw invalid("amount", "That budget is larger than the portal can hold.");
  return amount;
}

export async function addBudget(ctx: ActorContext, input: BudgetAmount & { costCenterId: string; period: string }) {
  const center = await loadCostCenterInCompany(ctx.db, ctx.companyId, input.costCenterId);
  const amount = budgetAmount(center, input.amount, input.currency);
  const period = parsePeriod(input.period)!;
  return ctx.db.transaction(async (tx) => {
    // Under the cost center's lock, so two admins adding overlapping periods at once cannot both succeed.
    await tx.select({ id: costCenters.id }).from(costCenters).where(eq(costCenters.id, center.id)).for("update");
    const existing = await tx.select().from(budgets).where(eq(budgets.costCenterId, center.id));
    const clash = existing.find((b) => periodsOverlap({ start: b.periodStart, end: b.periodEnd }, period));
    if (clash) {
      const theirs = periodLabel({ kind: clash.periodKind, start: clash.periodStart, end: clash.periodEnd });
      throw invalid("period", `${center.code} already has a budget for ${theirs}, which overlaps ${periodLabel(period)}. Change that budget instead.`);
    }
    const [created] = await tx
      .insert(budgets)
      .values({
        companyId: ctx.companyId,
        costCenterId: center.id,
        periodKind: period.kind,
        periodStart: period.start,
        periodEnd: period.end,
        amountMinor: amount.amount,
        currency: amount.currency,
      })
      .returning();
    await audit(tx, ctx, "budget.created", "budget", created!.id, { costCenter: center.code, period: periodKey(period), amount: formatMoney(amount) });
    return { id: created!.id, period: periodKey(period), amount };
  });
}

export async function changeBudget(ctx: ActorContext, input: BudgetAmount & { budgetId: string; reason: string }) {
  const [row] = await ctx.db
    .select({ budget: budgets, center: costCenters })
    .from(budgets)
    .innerJoin(costCenters, eq(costCenters.id, budgets.costCenterId))
    .where(and(eq(budgets.id, input.budgetId), eq(budgets.companyId, ctx.companyId)));
  if (!row) throw notFound("That budget");
  const amount = budgetAmount(row.center, input.amount, input.currency);
  return ctx.db.transaction(async (tx) => {
    // Read the amount being replaced under lock so the recorded "from" is the one actually overwritten.
    const [current] = await tx.select().from(budgets).where(eq(budgets.id, row.budget.id)).for("update");
    const from = money(current!.amountMinor, current!.currency);
    if (from.amount === amount.amount) throw invalid("amount", `The budget is already ${formatMoney(from)}.`);
    await tx.update(budgets).set({ amountMinor: amount.amount, updatedAt: new Date() }).where(eq(budgets.id, row.budget.id));
    await audit(tx, ctx, "budget.changed", "budget", row.budget.id, {
      costCenter: row.center.code,
      period: periodKey({ kind: current!.periodKind, start: current!.periodStart, end: current!.periodEnd }),
      from: formatMoney(from),
      to: formatMoney(amount),
      reason: input.reason,
    });
    return { id: row.budget.id, amount, previous: from };
  });
}
