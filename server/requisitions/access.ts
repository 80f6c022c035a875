/**
 * Who may see a requisition: its requester, and the company's approvers and admins. Anyone else, and anyone from
 * another company, is told it was not found, so ids say nothing about other people's requisitions.
 */
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { requisitions } from "@/db/schema";
import { hasRole, type Actor, type ActorContext } from "@/server/actor";
import { notFound } from "@/server/errors";

export const canSeeCompanyRequisitions = (actor: Pick<Actor, "roles">) => hasRole(actor, "approver", "admin");

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
  if (requisition.requesterId !== ctx.user.id && !canSeeCompanyRequisitions(ctx.user)) throw notFound("That requisition");
  return requisition;
}
