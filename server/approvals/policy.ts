/**
 * The company's approval policy as its admins keep it: the current version in plain words with its history, what a
 * rule may name, a new version saved (never an edit of an old one, so requisitions keep the version they were
 * submitted under), and the approval settings (reminders, escalation, price tolerance).
 */
import { asc, desc, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { approvalPolicyVersions, companies, costCenters, supplierConnections, users } from "@/db/schema";
import { hasRole, type ActorContext } from "@/server/actor";
import { recordAudit, type AuditSubject } from "@/server/audit/audit-log";
import { connectorForRow, listSupplierConnections, type SupplierConnectionRow } from "@/server/connections/connections";
import type { ApproverSource, PolicyCondition, PolicyLabels, PolicyRule } from "@/server/domain/approval-policy";
import { describePolicy } from "@/server/domain/approval-policy-describe";
import { parseMajorUnits } from "@/server/domain/money";
import { AppError, invalid, notFound } from "@/server/errors";
import { counterpartVersion, currentPolicy } from "./chain";
import { companyGroups } from "@/server/groups/members";

/** A condition as the admin typed it: amounts are text in major units, the company's currency decides their decimals. */
export type PolicyConditionDraft = Exclude<PolicyCondition, { kind: "total_above" | "total_below" }> | { kind: "total_above" | "total_below"; amount: string };

export interface PolicyRuleDraft {
  id: string;
  conditions: PolicyConditionDraft[];
  step: { level: number; approvers: ApproverSource[]; mode: "any" | "all" };
}

export interface PolicyDraft {
  rules: PolicyRuleDraft[];
  note: string;
  /** The version the admin was editing; a newer one saved since refuses the save instead of undoing it. */
  basedOnVersion?: number | null;
}

export interface ApprovalSettings {
  escalationHours: number;
  reminderHours: number;
  priceToleranceBp: number;
}

/** A supplier that does not answer this fast gets no category choices; the page must not wait on it. */
const CATEGORY_WAIT_MS = 4000;

const audit = (db: Database, ctx: ActorContext, action: string, subjectType: AuditSubject, subjectId: string, details: Record<string, unknown>) =>
  recordAudit(db, { companyId: ctx.companyId, actorId: ctx.user.id, action, subject: { type: subjectType, id: subjectId }, details });

async function loadCompany(db: Database, companyId: string) {
  const [company] = await db
    .select({
      currency: companies.currency,
      escalationHours: companies.escalationHours,
      reminderHours: companies.reminderHours,
      priceToleranceBp: companies.priceToleranceBp,
    })
    .from(companies)
    .where(eq(companies.id, companyId));
  if (!company) throw notFound("Your company");
  return company;
}

/** Everything a rule may name, from this company only; disabled suppliers stay so older rules keep their names. */
async function companyChoices(db: Database, companyId: string) {
  const [centers, suppliers, people] = await Promise.all([
    db
      .select({ id: costCenters.id, code: costCenters.code, name: costCenters.name, active: costCenters.active })
      .from(costCenters)
      .where(eq(costCenters.companyId, companyId))
      .orderBy(asc(costCenters.code)),
    db
      .select({ id: supplierConnections.id, name: supplierConnections.displayName, enabled: supplierConnections.enabled })
      .from(supplierConnections)
      .where(eq(supplierConnections.companyId, companyId))
      .orderBy(asc(supplierConnections.displayName)),
    db
      .select({ id: users.id, name: users.name, email: users.email, roles: users.roles, active: users.active })
      .from(users)
      .where(eq(users.companyId, companyId))
      .orderBy(asc(users.name)),
  ]);
  return { costCenters: centers, suppliers, people, groups: await companyGroups(db, companyId) };
}
type Choices = Awaited<ReturnType<typeof companyChoices>>;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Each enabled supplier's categories, or null for one that is down: the editor then offers none for it and says so. */
async function supplierCategories(connections: SupplierConnectionRow[]) {
  return Promise.all(
    connections.map(async (c) => {
      try {
        const categories = await withTimeout(connectorForRow(c).listCategories(), CATEGORY_WAIT_MS);
        return { supplierId: c.id, supplierName: c.displayName, categories: [...categories].sort((a, b) => a.name.localeCompare(b.name)) };
      } catch {
        return { supplierId: c.id, supplierName: c.displayName, categories: null };
      }
    }),
  );
}
type SupplierCategories = Awaited<ReturnType<typeof supplierCategories>>;

function policyLabels(choices: Choices, categories: SupplierCategories): PolicyLabels {
  return {
    costCenters: Object.fromEntries(choices.costCenters.map((c) => [c.id, c.code])),
    suppliers: Object.fromEntries(choices.suppliers.map((s) => [s.id, s.name])),
    categories: Object.fromEntries(categories.flatMap((s) => (s.categories ?? []).map((c) => [c.id, c.name]))),
    users: Object.fromEntries(choices.people.map((p) => [p.id, p.name])),
    groups: Object.fromEntries(choices.groups.map((g) => [g.id, g.name])),
  };
}

/** The company's current policy: the same lookup the chains use. */
const latestVersion = currentPolicy;

const percentFromBp = (bp: number) => String(bp / 100);

const settingsOf = (c: { escalationHours: number; reminderHours: number; priceToleranceBp: number }) => ({
  escalationHours: c.escalationHours,
  reminderHours: c.reminderHours,
  priceToleranceBp: c.priceToleranceBp,
  /** As the form shows it: "2" or "2.5". */
  priceTolerancePercent: percentFromBp(c.priceToleranceBp),
});

export async function getPolicy(ctx: ActorContext) {
  const [company, choices, connections, current, history] = await Promise.all([
    loadCompany(ctx.db, ctx.companyId),
    companyChoices(ctx.db, ctx.companyId),
    listSupplierConnections(ctx.db, ctx.companyId),
    latestVersion(ctx.db, ctx.companyId),
    ctx.db
      .select({
        version: approvalPolicyVersions.version,
        createdAt: approvalPolicyVersions.createdAt,
        createdBy: users.name,
        note: approvalPolicyVersions.note,
        ruleCount: sql<number>`jsonb_array_length(${approvalPolicyVersions.rules})::int`,
      })
      .from(approvalPolicyVersions)
      .leftJoin(users, eq(users.id, approvalPolicyVersions.createdById))
      .where(eq(approvalPolicyVersions.companyId, ctx.companyId))
      .orderBy(desc(approvalPolicyVersions.version)),
  ]);
  const categories = await supplierCategories(connections);
  const labels = policyLabels(choices, categories);
  const rules = current?.rules ?? [];
  return {
    currency: company.currency,
    /** null until a first version is saved: then no rule applies and every order is approved at once. */
    current: current
      ? {
          version: current.version,
          rules,
          note: current.note,
          createdAt: current.createdAt,
          createdBy: history.find((h) => h.version === current.version)?.createdBy ?? null,
        }
      : null,
    description: describePolicy(rules, labels),
    history: history.map((h) => ({ ...h, createdBy: h.createdBy ?? null, ruleCount: Number(h.ruleCount) })),
    settings: settingsOf(company),
    choices: {
      costCenters: choices.costCenters,
      suppliers: choices.suppliers.filter((s) => s.enabled).map(({ id, name }) => ({ id, name })),
      categories,
      /** Names of suppliers that did not list their categories just now. */
      categoriesUnavailableFrom: categories.filter((c) => c.categories === null).map((c) => c.supplierName),
      people: choices.people,
      groups: choices.groups,
    },
    /** For describing rules in the browser while they are edited, with the same names as the server. */
    labels,
  };
}

class RuleChecker {
  private readonly costCenterIds: Set<string>;
  private readonly supplierIds: Set<string>;
  private readonly people: Map<string, Choices["people"][number]>;
  private readonly groupIds: Set<string>;

  constructor(
    choices: Choices,
    private readonly currency: string,
    /** Approvers the current version already names: kept even if since deactivated, so they do not block every other edit. */
    private readonly alreadyApprovers: Set<string>,
  ) {
    this.costCenterIds = new Set(choices.costCenters.map((c) => c.id));
    this.supplierIds = new Set(choices.suppliers.map((s) => s.id));
    this.people = new Map(choices.people.map((p) => [p.id, p]));
    this.groupIds = new Set(choices.groups.map((g) => g.id));
  }

  rule(input: PolicyRuleDraft, i: number): PolicyRule {
    const name = `Rule ${i + 1}`;
    const conditions = input.conditions.map((c, j) => this.condition(c, `rules.${i}.conditions.${j}`, name));
    const above = conditions.filter((c) => c.kind === "total_above").map((c) => c.amount.amount);
    const below = conditions.filter((c) => c.kind === "total_below").map((c) => c.amount.amount);
    // Over X and under Y with Y <= X + 1 cent matches no order; that is a typo, not a policy.
    if (above.length && below.length && Math.min(...below) <= Math.max(...above) + 1) {
      const j = input.conditions.findIndex((c) => c.kind === "total_below");
      throw invalid(
        `rules.${i}.conditions.${j}.amount`,
        `${name} can never apply: no total is both over the one amount and under the other. Check the amounts.`,
      );
    }
    const approvers = input.step.approvers.map((a, k) => {
      if (a.kind === "group" && !this.groupIds.has(a.groupId))
        throw invalid(`rules.${i}.step.approvers.${k}.groupId`, `${name}: choose one of your company's groups.`);
      if (a.kind !== "users") return a;
      const userIds = [...new Set(a.userIds)];
      for (const id of userIds) {
        const person = this.people.get(id);
        const field = `rules.${i}.step.approvers.${k}.userIds`;
        if (!person) throw invalid(field, `${name}: choose the approvers from your company's people.`);
        if (this.alreadyApprovers.has(id)) continue;
        if (!person.active) throw invalid(field, `${name}: ${person.name} is inactive and cannot approve; choose someone else.`);
        if (!person.roles.includes("approver"))
          throw invalid(field, `${name}: ${person.name} is not an approver; give them the approver role first, or choose someone else.`);
      }
      return { kind: "users" as const, userIds };
    });
    return { id: input.id, conditions, step: { level: input.step.level, approvers, mode: input.step.mode } };
  }

  private condition(c: PolicyConditionDraft, field: string, name: string): PolicyCondition {
    switch (c.kind) {
      case "total_above":
      case "total_below": {
        const amount = parseMajorUnits(c.amount, this.currency);
        if (!amount)
          throw invalid(`${field}.amount`, `${name}: enter the amount in ${this.currency} like 5000 or 5,000.00, with at most the currency's decimals.`);
        if (amount.amount < 0) throw invalid(`${field}.amount`, `${name}: the amount cannot be negative.`);
        if (amount.amount > 1e15) throw invalid(`${field}.amount`, `${name}: that amount is larger than the portal can hold.`);
        return { kind: c.kind, amount };
      }
      case "cost_center_in":
        if (c.costCenterIds.some((id) => !this.costCenterIds.has(id))) throw invalid(`${field}.costCenterIds`, `${name}: choose cost centers of your company.`);
        return { kind: c.kind, costCenterIds: [...new Set(c.costCenterIds)] };
      case "supplier_in":
        if (c.supplierIds.some((id) => !this.supplierIds.has(id)))
          throw invalid(`${field}.supplierIds`, `${name}: choose suppliers your company is connected to.`);
        return { kind: c.kind, supplierIds: [...new Set(c.supplierIds)] };
      case "category_in":
        // Categories are the supplier's own ids and cannot be checked while a supplier is down; a wrong one simply never matches.
        return { kind: c.kind, categoryIds: [...new Set(c.categoryIds)] };
      case "over_budget":
        return { kind: c.kind };
      case "requester_role_in":
        return { kind: c.kind, roles: [...new Set(c.roles)] };
      case "requester_in":
        if (c.userIds.some((id) => !this.people.has(id))) throw invalid(`${field}.userIds`, `${name}: choose requesters from your company's people.`);
        return { kind: c.kind, userIds: [...new Set(c.userIds)] };
      case "requester_in_group":
        if (c.groupIds.some((id) => !this.groupIds.has(id))) throw invalid(`${field}.groupIds`, `${name}: choose groups of your company.`);
        return { kind: c.kind, groupIds: [...new Set(c.groupIds)] };
    }
  }
}

const newerVersionSaved = (version: number) =>
  new AppError(
    "conflict",
    `Someone else saved a newer version of the approval policy (version ${version}) while you were editing. Reload to see it, then make your changes again.`,
  );

export async function savePolicy(ctx: ActorContext, input: PolicyDraft) {
  const [company, choices, current] = await Promise.all([
    loadCompany(ctx.db, ctx.companyId),
    companyChoices(ctx.db, ctx.companyId),
    latestVersion(ctx.db, ctx.companyId),
  ]);
  const alreadyApprovers = new Set((current?.rules ?? []).flatMap((r) => r.step.approvers.flatMap((a) => (a.kind === "users" ? a.userIds : []))));
  const checker = new RuleChecker(choices, company.currency, alreadyApprovers);
  const rules = input.rules.map((r, i) => checker.rule(r, i));
  // Names for the audit entry; categories only if the suppliers answer quickly, ids otherwise.
  const usesCategories = rules.some((r) => r.conditions.some((c) => c.kind === "category_in"));
  const categories = usesCategories ? await supplierCategories(await listSupplierConnections(ctx.db, ctx.companyId)) : [];
  const description = describePolicy(rules, policyLabels(choices, categories));

  try {
    return await ctx.db.transaction(async (tx) => {
      // Saves of one company's policy take turns, so each sees the version the one before it wrote.
      await tx.select({ id: companies.id }).from(companies).where(eq(companies.id, ctx.companyId)).for("update");
      const latest = await latestVersion(tx, ctx.companyId);
      const latestNumber = latest?.version ?? 0;
      if (input.basedOnVersion !== undefined && (input.basedOnVersion ?? 0) !== latestNumber) throw newerVersionSaved(latestNumber);
      // Two saves that read the same latest version both try this number; the unique index lets only one through.
      const [created] = await tx
        .insert(approvalPolicyVersions)
        .values({ companyId: ctx.companyId, version: latestNumber + 1, rules, note: input.note, createdById: ctx.user.id })
        .returning();
      await audit(tx, ctx, "approval_policy.saved", "approval_policy", created!.id, {
        version: created!.version,
        note: input.note,
        rules: rules.length,
        description,
      });
      const counterpart = hasRole(ctx.user, "buyer") ? await counterpartVersion(tx, ctx.companyId, ctx.user.id) : null;
      return {
        version: created!.version,
        createdAt: created!.createdAt,
        rules,
        description,
        /** Separation of duties: the version a saver who buys still has their own requisitions follow as well, when there is one. */
        ownRequisitionsAlsoUnder: counterpart && counterpart.id !== created!.id ? counterpart.version : null,
      };
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (isUniqueViolation(error)) throw newerVersionSaved((await latestVersion(ctx.db, ctx.companyId))?.version ?? 0);
    throw error;
  }
}

export async function saveSettings(ctx: ActorContext, input: ApprovalSettings) {
  if (input.reminderHours >= input.escalationHours) {
    throw invalid(
      "reminderHours",
      `The reminder must go out before the step escalates: choose fewer reminder hours than the ${input.escalationHours} hours after which it escalates.`,
    );
  }
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select({ escalationHours: companies.escalationHours, reminderHours: companies.reminderHours, priceToleranceBp: companies.priceToleranceBp })
      .from(companies)
      .where(eq(companies.id, ctx.companyId))
      .for("update");
    if (!before) throw notFound("Your company");
    const [after] = await tx
      .update(companies)
      .set({ escalationHours: input.escalationHours, reminderHours: input.reminderHours, priceToleranceBp: input.priceToleranceBp })
      .where(eq(companies.id, ctx.companyId))
      .returning({ escalationHours: companies.escalationHours, reminderHours: companies.reminderHours, priceToleranceBp: companies.priceToleranceBp });
    const changed = Object.fromEntries(
      (["escalationHours", "reminderHours", "priceToleranceBp"] as const)
        .filter((k) => before[k] !== after![k])
        .map((k) => [k, { from: before[k], to: after![k] }]),
    );
    await audit(tx, ctx, "approval_settings.saved", "company", ctx.companyId, { changed });
    return settingsOf(after!);
  });
}
