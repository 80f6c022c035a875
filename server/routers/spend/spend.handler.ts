import { spendCsv, spendReport } from "@/server/spend/report";
import type { Handled } from "@/server/trpc/init";
import type { spendReportInput } from "./spend.schema";

export const spendReportHandler = ({ ctx, input }: Handled<typeof spendReportInput>) => spendReport(ctx, input);
export const spendCsvHandler = ({ ctx, input }: Handled<typeof spendReportInput>) => spendCsv(ctx, input);
