import { createTRPCRouter, memberProcedure } from "@/server/trpc/init";
import { spendReportInput } from "./spend.schema";
import { spendCsv, spendReport } from "@/server/spend/report";

// Admins and cost center owners; the handler decides which cost centers each may see.
export const spendRouter = createTRPCRouter({
  report: memberProcedure.input(spendReportInput).query(({ ctx, input }) => spendReport(ctx, input)),
  csv: memberProcedure.input(spendReportInput).query(({ ctx, input }) => spendCsv(ctx, input)),
});
