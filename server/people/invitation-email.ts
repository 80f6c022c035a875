/**
 * The email of one invitation, sent by the outbox worker (server/jobs/outbox.ts), which owns retries. It opens the
 * invitation's current token when it sends, so after a resend the email carries the new link, never the old one.
 */
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { companies, invitations, users } from "@/db/schema";
import { portalMailer, type EmailOutcome, type Mailer } from "@/server/notifications/email";
import { openSecret } from "@/server/secrets";
import { invitationPath, invitationState } from "./people";

export async function emailInvitation(db: Database, invitationId: string, mailer: Mailer = portalMailer(), now = new Date()): Promise<EmailOutcome> {
  const [row] = await db
    .select({ invitation: invitations, companyName: companies.name, invitedBy: users.name })
    .from(invitations)
    .innerJoin(companies, eq(companies.id, invitations.companyId))
    .leftJoin(users, eq(users.id, invitations.invitedById))
    .where(eq(invitations.id, invitationId));
  // Accepted, revoked or expired before the worker came to it: the link would only say so.
  if (!row || invitationState(row.invitation, now) !== "pending" || !mailer.transport) return { kind: "skipped" };
  const { invitation } = row;
  const link = new URL(invitationPath(openSecret(invitation.tokenSealed)), mailer.portalUrl).toString();
  const until = invitation.expiresAt.toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
  try {
    await mailer.transport.sendMail({
      from: mailer.from,
      to: { name: invitation.name, address: invitation.email },
      subject: `${row.invitedBy ?? row.companyName} invited you to ${row.companyName} on the Buyer Portal`,
      text:
        `Hello ${invitation.name},\n\n${row.invitedBy ?? "An admin"} invited you to order and approve purchases for ${row.companyName} on the Buyer Portal.\n\n` +
        `Choose your password here: ${link}\n\nThe link works once, until ${until}. If you did not expect this, you can ignore this email.\n`,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const { code, responseCode } = error as { code?: string; responseCode?: number };
    if (code === "EENVELOPE" && typeof responseCode === "number" && responseCode >= 500) return { kind: "refused", message };
    return { kind: "retry", message };
  }
  return { kind: "sent" };
}
