/** The durable outbox of supplier work: put in by the lifecycle, claimed and sent by the worker (outbox.ts). */
import { currentRequestId } from "@/server/logging";
import type { Database } from "@/db/client";
import { and, eq, inArray } from "drizzle-orm";
import { outbox } from "@/db/schema";

/** Supplier orders of one company, queued to be placed. */
export async function enqueueSupplierOrders(db: Database, companyId: string, supplierOrderIds: string[]): Promise<void> {
  if (supplierOrderIds.length === 0) return;
  await db
    .insert(outbox)
    .values(supplierOrderIds.map((id) => ({ companyId, kind: "place_supplier_order" as const, subjectId: id, requestId: currentRequestId() })))
    .onConflictDoNothing();
}

/** Pending work for these supplier orders, for pages that want to say "sending". */
export async function pendingWorkFor(db: Database, companyId: string, supplierOrderIds: string[]) {
  if (supplierOrderIds.length === 0) return [];
  return db
    .select({ subjectId: outbox.subjectId, attempts: outbox.attempts, lastError: outbox.lastError, nextAttemptAt: outbox.nextAttemptAt })
    .from(outbox)
    .where(
      and(eq(outbox.companyId, companyId), eq(outbox.kind, "place_supplier_order"), inArray(outbox.subjectId, supplierOrderIds), eq(outbox.state, "pending")),
    );
}
