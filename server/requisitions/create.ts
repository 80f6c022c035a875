import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { companies, requisitions } from "@/db/schema";
import { decideRevision, recordRevision, type RevisionInput } from "./revision";

/**
 * A new requisition (revision 1) inside the caller's transaction: the chain is decided under the
 * cost center's lock, the next number taken, and the revision's orders, reservations and chain
 * written. Checkout and a checked-out quote both come through here.
 */
export async function createRequisition(tx: Database, input: RevisionInput & { poNumber: string; note: string | null }) {
  const decision = await decideRevision(tx, input);
  const [numbered] = await tx
    .update(companies)
    .set({ nextRequisitionNumber: sql`${companies.nextRequisitionNumber} + 1` })
    .where(eq(companies.id, input.companyId))
    .returning({ number: sql<number>`${companies.nextRequisitionNumber} - 1` });
  const [requisition] = await tx
    .insert(requisitions)
    .values({
      companyId: input.companyId,
      number: numbered!.number,
      requesterId: input.requester.id,
      status: decision.needsApproval ? "pending_approval" : "approved",
      costCenterId: input.costCenter.id,
      poNumber: input.poNumber,
      note: input.note,
      totalMinor: input.total.amount,
      currency: input.total.currency,
      approvalReason: decision.evaluated.summary,
      policyVersionId: decision.evaluated.policyVersionId,
      submittedAt: input.submittedAt,
      decidedAt: decision.needsApproval ? null : input.submittedAt,
      overBudget: decision.budget.overBudget,
      budgetLeftAfterMinor: decision.budget.leaves?.amount ?? null,
    })
    .returning();
  const { orderIds } = await recordRevision(tx, {
    ...input,
    requisitionId: requisition!.id,
    requisitionLabel: `REQ-${requisition!.number}`,
    revision: 1,
    decision,
    actorId: input.requester.id,
    action: decision.needsApproval ? "requisition.submitted" : "requisition.auto_approved",
  });
  return { requisition: requisition!, decision, orderIds };
}
