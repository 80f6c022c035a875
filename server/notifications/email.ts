/**
 * The email copy of one notification, sent by the outbox worker (see
 * server/jobs/outbox.ts), which owns retries: this module sends at most once
 * per notification and says whether to retry, give up, or call it done.
 */
import { eq } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import SMTPTransport from "nodemailer/lib/smtp-transport";
import type { Database } from "@/db/client";
import { notifications, users } from "@/db/schema";
import { env } from "@/server/env";

export const DEFAULT_MAIL_FROM = "Buyer Portal <no-reply@buyer-portal.local>";
export const DEFAULT_PORTAL_URL = "http://localhost:3000";

/** How the portal sends mail; `transport: null` means no SMTP is configured and notifications stay in-app. */
export interface Mailer {
  transport: Transporter | null;
  from: string;
  /** Base for the links in an email, e.g. https://buy.example.com */
  portalUrl: string;
}

export function createMailer(smtpUrl: string | null | undefined, options: { from?: string; portalUrl?: string } = {}): Mailer {
  return {
    transport: smtpUrl
      ? nodemailer.createTransport(
          new SMTPTransport({
            url: smtpUrl,
            // Well inside the outbox's one-minute lease, so a slow server cannot let a second worker send the same email.
            connectionTimeout: 10_000,
            greetingTimeout: 10_000,
            socketTimeout: 20_000,
          }),
        )
      : null,
    from: options.from ?? DEFAULT_MAIL_FROM,
    portalUrl: options.portalUrl ?? DEFAULT_PORTAL_URL,
  };
}

let configured: Mailer | undefined;

/** The portal's own mailer, from SMTP_URL / MAIL_FROM / NEXTAUTH_URL, made once so connections and settings are shared. */
export function portalMailer(): Mailer {
  configured ??= createMailer(env.SMTP_URL, { from: env.MAIL_FROM, portalUrl: env.NEXTAUTH_URL ?? DEFAULT_PORTAL_URL });
  return configured;
}

/**
 * A notification's link as a path inside the portal, or null. Only paths are
 * followed, so a stored link can never send someone to another site from the
 * bell or from an email.
 */
export function portalPath(link: string | null | undefined): string | null {
  if (!link || !link.startsWith("/") || link.startsWith("//") || link.startsWith("/\\")) return null;
  return link;
}

export function absoluteLink(portalUrl: string, link: string | null | undefined): string {
  return new URL(portalPath(link) ?? "/notifications", portalUrl).toString();
}

export type EmailOutcome =
  | { kind: "sent" }
  /** Nothing to send: no SMTP configured, already sent, or nobody to send it to. */
  | { kind: "skipped" }
  /** The mail server refused the recipient for good; retrying would not help. */
  | { kind: "refused"; message: string }
  | { kind: "retry"; message: string };

export async function emailNotification(db: Database, notificationId: string, mailer: Mailer = portalMailer()): Promise<EmailOutcome> {
  const [row] = await db
    .select({ notification: notifications, email: users.email, name: users.name, active: users.active })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(eq(notifications.id, notificationId));
  // emailedAt set means a previous attempt sent it and stopped before the outbox row was closed.
  if (!row || row.notification.emailedAt || !row.active || !mailer.transport) return { kind: "skipped" };

  const link = absoluteLink(mailer.portalUrl, row.notification.link);
  try {
    await mailer.transport.sendMail({
      from: mailer.from,
      to: { name: row.name, address: row.email },
      subject: row.notification.title,
      text: `${row.notification.body}\n\nOpen it in the Buyer Portal: ${link}\n`,
      // One id per notification, so a mail client can fold a repeat into the first copy.
      messageId: `<notification-${row.notification.id}@${new URL(mailer.portalUrl).hostname}>`,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const { code, responseCode } = error as { code?: string; responseCode?: number };
    if (code === "EENVELOPE" && typeof responseCode === "number" && responseCode >= 500) return { kind: "refused", message };
    return { kind: "retry", message };
  }
  await db.update(notifications).set({ emailedAt: new Date() }).where(eq(notifications.id, notificationId));
  return { kind: "sent" };
}
