/**
 * Tells people something happened: an in-app notification per person, and an
 * email copy queued in the outbox (sent when SMTP_URL is set; see email.ts).
 * Called inside the transaction that made the change, so a notification
 * exists exactly when the change does.
 */
import { currentRequestId } from "@/server/logging";
import { and, eq, inArray, isNull } from "drizzle-orm";
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
  | "supplier_order.differs"
  | "supplier_order.declined"
  | "quote.offered"
  | "receipt.reminder"
  | "match.disputed"
  | "delegation.started"
  | "supplier_change.settled";

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
    .values(created.map((n) => ({ companyId: notice.companyId, kind: "send_email" as const, subjectId: n.id, requestId: currentRequestId() })))
    .onConflictDoNothing();
}

/** The notifications that point at this page (e.g. /requisitions/<id>) and ask someone to act. */
const ASKS_TO_ACT = ["approval.waiting", "approval.reminder", "approval.escalated"] as const;

/**
 * What the notifications asked for is done: they are marked read so the bell counts only what still waits. `userIds`
 * limits it to some people (one approver decided their part); `onlyAsksToAct` leaves news such as "approved" alone.
 */
export async function markHandled(tx: Database, args: { companyId: string; link: string; userIds?: string[]; onlyAsksToAct?: boolean }): Promise<number> {
  if (args.userIds && args.userIds.length === 0) return 0;
  const handled = await tx
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.companyId, args.companyId),
        eq(notifications.link, args.link),
        isNull(notifications.readAt),
        args.userIds ? inArray(notifications.userId, args.userIds) : undefined,
        args.onlyAsksToAct ? inArray(notifications.kind, [...ASKS_TO_ACT]) : undefined,
      ),
    )
    .returning({ id: notifications.id });
  return handled.length;
}
