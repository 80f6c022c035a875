import { eq, sql } from "drizzle-orm";
import { cartLines, companies } from "@/db/schema";
import { createTRPCRouter, memberProcedure, type MemberContext } from "@/server/trpc/init";

export async function meHandler({ ctx }: { ctx: MemberContext }) {
  const [[company], [cart]] = await Promise.all([
    ctx.db.select({ name: companies.name, currency: companies.currency }).from(companies).where(eq(companies.id, ctx.companyId)),
    ctx.db.select({ lines: sql<number>`count(*)::int` }).from(cartLines).where(eq(cartLines.userId, ctx.user.id)),
  ]);
  return { ...ctx.user, companyName: company?.name ?? "", cartLineCount: cart?.lines ?? 0 };
}

export const meRouter = createTRPCRouter({ get: memberProcedure.query(meHandler) });
