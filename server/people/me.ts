/** Who is signed in, as the navigation shows them: their company, cart count, and what their roles let them see. */
import { and, eq, sql } from "drizzle-orm";
import { cartLines, companies, costCenters } from "@/db/schema";
import { hasRole, type ActorContext } from "@/server/actor";

export async function whoAmI(ctx: ActorContext) {
  const [[company], [cart], [owned]] = await Promise.all([
    ctx.db.select({ name: companies.name, currency: companies.currency }).from(companies).where(eq(companies.id, ctx.companyId)),
    ctx.db
      .select({ lines: sql<number>`count(*)::int` })
      .from(cartLines)
      .where(eq(cartLines.userId, ctx.user.id)),
    ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(costCenters)
      .where(and(eq(costCenters.companyId, ctx.companyId), eq(costCenters.ownerId, ctx.user.id))),
  ]);
  const ownsCostCenters = (owned?.n ?? 0) > 0;
  return {
    ...ctx.user,
    companyName: company?.name ?? "",
    cartLineCount: cart?.lines ?? 0,
    ownsCostCenters,
    // The server decides; the UI only hides links to what would be refused anyway.
    canSeeSpend: ownsCostCenters || hasRole(ctx.user, "admin"),
  };
}
