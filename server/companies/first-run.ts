/**
 * The first run of an empty portal (no demo seed): whoever installed it creates the company and its first admin, then
 * works down the setup checklist. Only the person who can read the portal's start-up output can do it: the form asks
 * for the setup code printed there, so an empty portal reachable on a network cannot be claimed by a passer-by.
 */
import { timingSafeEqual } from "node:crypto";
import { count, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { approvalPolicyVersions, companies, costCenters, invitations, supplierConnections, users } from "@/db/schema";
import { defaultPolicyRules } from "@/server/approvals/default-policy";
import { recordAudit } from "@/server/audit/audit-log";
import { decimalToMinor } from "@/server/domain/money";
import { passwordProblem } from "@/server/domain/password-rules";
import { env } from "@/server/env";
import { AppError, invalid } from "@/server/errors";
import { hashPassword } from "@/server/passwords";
import { setupCodeFor } from "./setup-code";

export interface FirstCompanyInput {
  companyName: string;
  currency: string;
  timeZone: string;
  adminName: string;
  adminEmail: string;
  password: string;
  setupCode: string;
}

/** The first admin is also a buyer and an approver: in a company of one, they are the one who orders and approves. */
const FIRST_ADMIN_ROLES = ["admin", "buyer", "approver"] as const;
/** The first policy asks an approver above this many major units of the company's currency; reviewing it is on the checklist. */
const FIRST_POLICY_THRESHOLD = "1000";

export async function isFirstRun(db: Database): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(companies);
  return Number(row?.n ?? 0) === 0;
}

/** The code the portal prints on an empty database (setup-code.ts). */
export function setupCode(): string {
  const secret = env.NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET must be set for the first run");
  return setupCodeFor(secret);
}

function sameCode(typed: string, expected: string): boolean {
  const a = Buffer.from(typed.replace(/[\s-]/g, "").toUpperCase());
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Creates the company, its first admin and its first approval policy; refused once any company exists. */
export async function createFirstCompany(db: Database, input: FirstCompanyInput): Promise<{ companyId: string; adminId: string; email: string }> {
  if (!sameCode(input.setupCode, setupCode())) {
    throw invalid("setupCode", "That is not the setup code. It is printed where the portal was started, on the line that says “first run”.");
  }
  const problem = passwordProblem(input.password, { email: input.adminEmail, name: input.adminName });
  if (problem) throw invalid("password", problem);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      // Two people submitting at once: the second waits here and then finds the company the first made.
      await tx.execute(sql`lock table ${companies} in exclusive mode`);
      if (!(await isFirstRun(tx))) throw new AppError("precondition", "This portal is already set up. Sign in instead.");
      const [company] = await tx.insert(companies).values({ name: input.companyName, currency: input.currency, timeZone: input.timeZone }).returning();
      const [admin] = await tx
        .insert(users)
        .values({ companyId: company!.id, email: input.adminEmail.toLowerCase(), name: input.adminName, passwordHash, roles: [...FIRST_ADMIN_ROLES] })
        .returning();
      await tx.insert(approvalPolicyVersions).values({
        companyId: company!.id,
        version: 1,
        rules: defaultPolicyRules(decimalToMinor(FIRST_POLICY_THRESHOLD, input.currency)),
        note: "First policy",
        createdById: admin!.id,
      });
      await recordAudit(tx, {
        companyId: company!.id,
        actorId: admin!.id,
        action: "company.created",
        subject: { type: "company", id: company!.id },
        details: { name: input.companyName, currency: input.currency, timeZone: input.timeZone, firstAdmin: admin!.email },
      });
      return { companyId: company!.id, adminId: admin!.id, email: admin!.email };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw invalid("adminEmail", "Someone already signs in with this email.");
    throw error;
  }
}

/** Where a new company stands on the way to its first order; each item is done once the thing exists. */
export async function setupChecklist(db: Database, companyId: string) {
  const countOf = async (table: typeof supplierConnections | typeof costCenters | typeof users | typeof invitations) =>
    Number((await db.select({ n: count() }).from(table).where(eq(table.companyId, companyId)))[0]?.n ?? 0);
  const [suppliers, centers, people, invited, policies] = await Promise.all([
    countOf(supplierConnections),
    countOf(costCenters),
    countOf(users),
    countOf(invitations),
    db
      .select({ n: count() })
      .from(approvalPolicyVersions)
      .where(eq(approvalPolicyVersions.companyId, companyId))
      .then((r) => Number(r[0]?.n ?? 0)),
  ]);
  return [
    { key: "supplier", label: "Connect a supplier", href: "/admin/connections", done: suppliers > 0 },
    { key: "cost_centers", label: "Add cost centers", href: "/admin/cost-centers", done: centers > 0 },
    { key: "people", label: "Invite people", href: "/admin/people", done: people > 1 || invited > 0 },
    // The first version is the one the portal wrote; a second is the admin's own.
    { key: "policy", label: "Review the approval policy", href: "/admin/approval-policy", done: policies > 1 },
  ];
}
