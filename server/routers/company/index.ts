import { adminProcedure, createTRPCRouter } from "@/server/trpc/init";
import { setupChecklist } from "@/server/companies/first-run";
import { getCompanySettings, saveCompanySettings } from "@/server/companies/settings";
import { saveCompanySettingsInput } from "./company.schema";

export const companyRouter = createTRPCRouter({
  /** The settings, whether the currency may still change, and the last changes with old and new values. */
  settings: adminProcedure.query(({ ctx }) => getCompanySettings(ctx)),
  /** What a new company still has to do before its first order. */
  checklist: adminProcedure.query(({ ctx }) => setupChecklist(ctx.db, ctx.companyId)),
  saveSettings: adminProcedure
    .input(saveCompanySettingsInput)
    .mutation(({ ctx, input: { matchTolerancePercent, ...rest } }) => saveCompanySettings(ctx, { ...rest, matchToleranceBp: matchTolerancePercent })),
});
