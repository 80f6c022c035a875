/**
 * Who may see a requisition: its requester, the company's approvers and admins, and whoever the company names as a
 * receiver for the ship-to address of one of its orders (they receive its goods at the dock). Anyone else, and anyone
 * from another company, is told it was not found, so ids say nothing about other people's requisitions.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { requisitions, shipToReceivers, supplierOrders } from "@/db/schema";
import { hasRole, type Actor, type ActorContext } from "@/server/actor";
import { notFound } from "@/server/errors";

/** Approvers and admins see every requisition of the company; accounts payable too, to check the orders invoices are for. */
export const canSeeCompanyRequisitions = (actor: Pick<Actor, "roles">) => hasRole(actor, "approver", "admin", "accounts_payable");

export async function loadRequisitionInCompany(db: Database, companyId: string, requisitionId: string) {
  const [row] = await db
    .select()
    .from(requisitions)
    .where(and(eq(requisitions.id, requisitionId), eq(requisitions.companyId, companyId)));
  // Another company's id gets the same answer as a made-up one.
  if (!row) throw notFound("That requisition");
  return row;
}

export async function loadVisibleRequisition(ctx: ActorContext, requisitionId: string) {
  const requisition = await loadRequisitionInCompany(ctx.db, ctx.companyId, requisitionId);
  if (requisition.requesterId !== ctx.user.id && !canSeeCompanyRequisitions(ctx.user) && !(await receivesFor(ctx, requisition))) {
    throw notFound("That requisition");
  }
  return requisition;
}

/** Named as a receiver for the ship-to address of one of the requisition's current orders. */
async function receivesFor(ctx: ActorContext, requisition: typeof requisitions.$inferSelect): Promise<boolean> {
  const [named] = await ctx.db
    .select({ id: shipToReceivers.id })
    .from(shipToReceivers)
    .innerJoin(
      supplierOrders,
      and(
        eq(supplierOrders.supplierConnectionId, shipToReceivers.supplierConnectionId),
        eq(sql`${supplierOrders.shipTo}->>'supplierAddressId'`, shipToReceivers.supplierAddressId),
      ),
    )
    .where(
      and(
        eq(shipToReceivers.companyId, ctx.companyId),
        eq(shipToReceivers.userId, ctx.user.id),
        eq(supplierOrders.requisitionId, requisition.id),
        eq(supplierOrders.revision, requisition.revision),
      ),
    )
    .limit(1);
  return Boolean(named);
}
