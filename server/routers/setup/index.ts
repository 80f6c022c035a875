import { createFirstCompany, isFirstRun } from "@/server/companies/first-run";
import { createTRPCRouter, publicProcedure } from "@/server/trpc/init";
import { createFirstCompanyInput } from "./setup.schema";

/** The first run of an empty portal: the only procedures anyone may call before a company exists. */
export const setupRouter = createTRPCRouter({
  status: publicProcedure.query(async ({ ctx }) => ({ firstRun: await isFirstRun(ctx.db) })),
  createCompany: publicProcedure.input(createFirstCompanyInput).mutation(async ({ ctx, input }) => {
    const { email } = await createFirstCompany(ctx.db, input);
    // The browser signs in with the password it just chose; nothing about the new company is said here.
    return { email };
  }),
});
