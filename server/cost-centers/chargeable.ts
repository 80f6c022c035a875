/**
 * Which cost centers a person may charge at checkout: in their company, open, and one they were added to. Checkout,
 * quote checkout and resubmit all ask here.
 */
import { and, asc, eq } from "drizzle-orm";
import { costCenters, costCenterUsers, users } from "@/db/schema";
import type { ActorContext } from "@/server/actor";
import { invalid } from "@/server/errors";
import { budgetPositionAt } from "@/server/spend/ledger";

/** The cost centers this user may charge, with the budget covering `at` and whether it is their default. */
export async function chargeableCostCenters(ctx: ActorContext, at: Date) {
  const [rows, [me]] = await Promise.all([
    ctx.db
      .select({ id: costCenters.id, code: costCenters.code, name: costCenters.name, currency: costCenters.currency, ownerId: costCenters.ownerId })
      .from(costCenters)
      .innerJoin(
        costCenterUsers,
        and(eq(costCenterUsers.companyId, costCenters.companyId), eq(costCenterUsers.costCenterId, costCenters.id), eq(costCenterUsers.userId, ctx.user.id)),
      )
      .where(and(eq(costCenters.companyId, ctx.companyId), eq(costCenters.active, true)))
      .orderBy(asc(costCenters.code)),
    ctx.db.select({ defaultCostCenterId: users.defaultCostCenterId }).from(users).where(eq(users.id, ctx.user.id)),
  ]);
  const positions = await Promise.all(rows.map((r) => budgetPositionAt(ctx.db, r.id, at)));
  return rows.map((r, i) => ({ ...r, isDefault: r.id === me?.defaultCostCenterId, budget: positions[i] ?? null }));
}

/** The cost center a checkout charges: in this company, open, and one this user may charge. */
export async function loadChargeableCostCenter(ctx: ActorContext, costCenterId: string) {
  const [row] = await ctx.db
    .select({ center: costCenters, memberId: costCenterUsers.userId })
    .from(costCenters)
    .leftJoin(
      costCenterUsers,
      and(eq(costCenterUsers.companyId, costCenters.companyId), eq(costCenterUsers.costCenterId, costCenters.id), eq(costCenterUsers.userId, ctx.user.id)),
    )
    .where(and(eq(costCenters.id, costCenterId), eq(costCenters.companyId, ctx.companyId)));
  if (!row) throw invalid("costCenterId", "Choose one of your company's cost centers.");
  const { center } = row;
  if (!center.active) throw invalid("costCenterId", `${center.code} (${center.name}) is closed; choose another cost center.`);
  if (!row.memberId) {
    throw invalid("costCenterId", `You may not charge ${center.code} (${center.name}). Choose one of your cost centers, or ask an admin to add you to it.`);
  }
  return center;
}
