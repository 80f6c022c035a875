/** The requester takes back a requisition nobody has decided on yet: it will not be sent, and its budget is free again. */
import type { ActorContext } from "@/server/actor";
import { AppError } from "@/server/errors";
import { loadRequisitionInCompany } from "./access";
import { inLifecycle, requisitionLabel } from "./lifecycle";

export async function withdrawRequisition(ctx: ActorContext, input: { requisitionId: string; reason: string }) {
  const requisition = await loadRequisitionInCompany(ctx.db, ctx.companyId, input.requisitionId);
  if (requisition.requesterId !== ctx.user.id) throw new AppError("forbidden", "Only the person who submitted a requisition can withdraw it.");
  const withdrawn = await inLifecycle(ctx.db, (lifecycle) => lifecycle.withdrawn(requisition, ctx.user, input.reason || null, new Date()));
  if (!withdrawn) {
    const was = requisition.status === "pending_approval" ? "decided" : requisition.status.replace("_", " ");
    throw new AppError("conflict", `${requisitionLabel(requisition)} was already ${was}; it can no longer be withdrawn.`);
  }
  return { requisitionId: withdrawn.id, status: withdrawn.status };
}
