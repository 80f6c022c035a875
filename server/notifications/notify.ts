/**
 * Tells people something happened: an in-app notification per person, and an
 * email copy queued in the outbox (sent when SMTP_URL is set; see email.ts).
 * Called inside the transaction that made the change, so a notification
 * exists exactly when the change does.
 */
import type { Database } from "@/db/client";
import { notifications, outbox } from "@/db/schema";

export type NotificationKind =
  | "approval.waiting"
  | "approval.reminder"
  | "approval.escalated"
  | "requisition.approved"
  | "requisition.rejected"
  | "requisition.returned"
  | "requisition.lines_rejected"
  | "supplier_order.placed"
  | "supplier_order.shipped"
  | "quote.offered"
  | "delegation.started";

export interface Notice {
  companyId: string;
  userIds: string[];
  kind: NotificationKind;
  title: string;
  body: string;
  /** A portal path, e.g. /requisitions/<id>. */
  link?: string;
}

export async function notify(tx: Database, notice: Notice): Promise<void> {
  const userIds = [...new Set(notice.userIds)];
  if (userIds.length === 0) return;
  const created = await tx
    .insert(notifications)
    .values(
      userIds.map((userId) => ({ companyId: notice.companyId, userId, kind: notice.kind, title: notice.title, body: notice.body, link: notice.link ?? null })),
    )
    .returning({ id: notifications.id });
  await tx
    .insert(outbox)
    .values(created.map((n) => ({ kind: "send_email" as const, subjectId: n.id })))
    .onConflictDoNothing();
}
