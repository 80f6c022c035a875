import { and, eq, sql } from "drizzle-orm";
import { cartLines, companies, costCenters } from "@/db/schema";
import { createTRPCRouter, memberProcedure, type MemberContext } from "@/server/trpc/init";

export async function meHandler({ ctx }: { ctx: MemberContext }) {
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
    canSeeSpend: ownsCostCenters || ctx.user.roles.includes("admin"),
  };
}

export const meRouter = createTRPCRouter({ get: memberProcedure.query(meHandler) });
