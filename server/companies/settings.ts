/**
 * The company's own settings as its admin keeps them: name, currency, time zone, PO numbers, receiving and the
 * three-way match, how long a session lasts and how long an invitation link works. How long approvals wait and the price tolerance live with the approval policy
 * (server/approvals/policy.ts saveSettings); this is everything else. Every change is audited with old and new values.
 */
import { and, count, desc, eq } from "drizzle-orm";
import { auditLog, companies, requisitions, users } from "@/db/schema";
import type { ActorContext } from "@/server/actor";
import { recordAudit } from "@/server/audit/audit-log";
import { poNumberFormatProblem } from "@/server/domain/po-number-format";
import { money, parseMajorUnits, type Money } from "@/server/domain/money";
import { AppError, invalid, notFound } from "@/server/errors";

export interface CompanySettingsInput {
  name: string;
  currency: string;
  timeZone: string;
  poNumberRequired: boolean;
  /** Empty: any PO number will do. */
  poNumberPattern: string;
  poNumberExample: string;
  receiptReminderDays: number;
  matchToleranceBp: number;
  /** In major units as the admin typed it ("5", "5.00"), read in the currency being saved. */
  matchToleranceAmount: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  invitationExpiryDays: number;
}

const SETTINGS = {
  name: companies.name,
  currency: companies.currency,
  timeZone: companies.timeZone,
  poNumberRequired: companies.poNumberRequired,
  poNumberPattern: companies.poNumberPattern,
  poNumberExample: companies.poNumberExample,
  receiptReminderDays: companies.receiptReminderDays,
  matchToleranceBp: companies.matchToleranceBp,
  matchToleranceMinor: companies.matchToleranceMinor,
  sessionIdleMinutes: companies.sessionIdleMinutes,
  sessionAbsoluteHours: companies.sessionAbsoluteHours,
  invitationExpiryDays: companies.invitationExpiryDays,
};

type SettingsRow = { [K in keyof typeof SETTINGS]: (typeof companies.$inferSelect)[K] };

function shape(row: SettingsRow) {
  return { ...row, matchToleranceAmount: money(row.matchToleranceMinor, row.currency) as Money };
}

export async function getCompanySettings(ctx: ActorContext) {
  const [row] = await ctx.db.select(SETTINGS).from(companies).where(eq(companies.id, ctx.companyId));
  if (!row) throw notFound("Your company");
  const [{ n: requisitionCount }] = (await ctx.db.select({ n: count() }).from(requisitions).where(eq(requisitions.companyId, ctx.companyId))) as [
    { n: number },
  ];
  const history = await ctx.db
    .select({ at: auditLog.at, by: users.name, details: auditLog.details })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.companyId, ctx.companyId), eq(auditLog.subjectType, "company"), eq(auditLog.subjectId, ctx.companyId)))
    .orderBy(desc(auditLog.at))
    .limit(20);
  return {
    settings: shape(row),
    /** Money already recorded in the currency would be misread in another one. */
    currencyLocked: requisitionCount > 0,
    history: history
      .filter((h) => (h.details as { changed?: unknown }).changed !== undefined)
      .map((h) => ({ at: h.at, by: h.by ?? "The portal", changed: (h.details as { changed: Record<string, { from: unknown; to: unknown }> }).changed })),
  };
}

export async function saveCompanySettings(ctx: ActorContext, input: CompanySettingsInput) {
  const pattern = input.poNumberPattern.trim();
  const example = input.poNumberExample.trim();
  if (pattern) {
    const problem = poNumberFormatProblem(pattern, example);
    if (problem) throw invalid(problem.field, problem.message);
  } else if (example) {
    throw invalid("poNumberPattern", "Give the PO number format the example follows, or clear the example.");
  }
  const tolerance = parseMajorUnits(input.matchToleranceAmount, input.currency);
  if (!tolerance || tolerance.amount < 0) {
    throw invalid("matchToleranceAmount", `Enter the match tolerance as an amount in ${input.currency}, like 5 or 5.00.`);
  }
  if (input.sessionIdleMinutes > input.sessionAbsoluteHours * 60) {
    throw invalid(
      "sessionIdleMinutes",
      "A session cannot wait longer for its next use than it may last: choose fewer idle minutes than the absolute hours allow.",
    );
  }
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select(SETTINGS).from(companies).where(eq(companies.id, ctx.companyId)).for("update");
    if (!before) throw notFound("Your company");
    if (input.currency !== before.currency) {
      const [{ n }] = (await tx.select({ n: count() }).from(requisitions).where(eq(requisitions.companyId, ctx.companyId))) as [{ n: number }];
      if (n > 0) {
        throw new AppError(
          "precondition",
          `The currency stays ${before.currency}: ${n} requisition${n === 1 ? " is" : "s are"} recorded in it, and their amounts would be misread in ${input.currency}.`,
          { field: "currency" },
        );
      }
    }
    const next: SettingsRow = {
      name: input.name,
      currency: input.currency,
      timeZone: input.timeZone,
      poNumberRequired: input.poNumberRequired,
      poNumberPattern: pattern || null,
      poNumberExample: pattern ? example : null,
      receiptReminderDays: input.receiptReminderDays,
      matchToleranceBp: input.matchToleranceBp,
      matchToleranceMinor: tolerance.amount,
      sessionIdleMinutes: input.sessionIdleMinutes,
      sessionAbsoluteHours: input.sessionAbsoluteHours,
      invitationExpiryDays: input.invitationExpiryDays,
    };
    const changed = Object.fromEntries(
      (Object.keys(SETTINGS) as (keyof SettingsRow)[]).filter((k) => before[k] !== next[k]).map((k) => [k, { from: before[k], to: next[k] }]),
    );
    if (Object.keys(changed).length === 0) return shape(before);
    const [after] = await tx.update(companies).set(next).where(eq(companies.id, ctx.companyId)).returning(SETTINGS);
    await recordAudit(tx, {
      companyId: ctx.companyId,
      actorId: ctx.user.id,
      action: "company.settings_saved",
      subject: { type: "company", id: ctx.companyId },
      details: { changed },
    });
    return shape(after!);
  });
}
