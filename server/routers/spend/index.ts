import { createTRPCRouter, memberProcedure } from "@/server/trpc/init";
import { spendCsvHandler, spendReportHandler } from "./spend.handler";
import { spendReportInput } from "./spend.schema";

// Admins and cost center owners; the handler decides which cost centers each may see.
export const spendRouter = createTRPCRouter({
  report: memberProcedure.input(spendReportInput).query(spendReportHandler),
  csv: memberProcedure.input(spendReportInput).query(spendCsvHandler),
});
