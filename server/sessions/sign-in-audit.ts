/**
 * A password sign-in that did not start a session, in the audit log of the company it was aimed at. Nothing here
 * reaches the person signing in: the sign-in page says the same words whatever the reason. The password typed is
 * never kept, only the email.
 */
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { ssoConfigurations, users } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit-log";
import { emailDomain } from "@/server/domain/sso";
import { describeDevice } from "@/server/domain/sessions";
import type { SessionOrigin } from "./sessions";

/** Why it failed, for the company's admins only. */
export type SignInFailure = "wrong_password" | "no_account" | "deactivated" | "no_password" | "throttled";

const MAX_EMAIL = 320;

/**
 * The company an email typed belongs to: its person's company, or else the one company whose people (or single sign-on)
 * use that email's domain. An address no company can be told apart by is left out of every company's log.
 */
async function companyOfEmail(db: Database, email: string) {
  const [person] = await db
    .select({ id: users.id, companyId: users.companyId, active: users.active, hasPassword: sql<boolean>`${users.passwordHash} is not null` })
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`)
    .limit(1);
  if (person) return { companyId: person.companyId, person };
  const domain = emailDomain(email);
  if (!domain) return null;
  const candidates = await db
    .selectDistinct({ companyId: users.companyId })
    .from(users)
    .where(sql`lower(split_part(${users.email}, '@', 2)) = ${domain}`)
    .union(
      db
        .selectDistinct({ companyId: ssoConfigurations.companyId })
        .from(ssoConfigurations)
        .where(sql`${domain} = any(${ssoConfigurations.allowedDomains})`),
    )
    .limit(2);
  return candidates.length === 1 ? { companyId: candidates[0]!.companyId, person: null } : null;
}

export async function recordFailedSignInAudit(db: Database, typedEmail: unknown, origin: SessionOrigin, throttled: boolean): Promise<void> {
  if (typeof typedEmail !== "string") return;
  const email = typedEmail.trim().toLowerCase().slice(0, MAX_EMAIL);
  if (!email) return;
  const found = await companyOfEmail(db, email);
  if (!found) return;
  const { person } = found;
  const reason: SignInFailure = throttled
    ? "throttled"
    : !person
      ? "no_account"
      : !person.active
        ? "deactivated"
        : !person.hasPassword
          ? "no_password"
          : "wrong_password";
  await recordAudit(db, {
    companyId: found.companyId,
    // Nobody is proven to be anyone until a sign-in succeeds.
    actorId: null,
    action: "user.sign_in_failed",
    subject: person ? { type: "user", id: person.id } : { type: "company", id: found.companyId },
    details: { email, reason, device: describeDevice(origin.userAgent), ip: origin.ip ?? null },
  });
}
