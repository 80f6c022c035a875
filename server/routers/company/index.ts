import { adminProcedure, createTRPCRouter } from "@/server/trpc/init";
import { getCompanySettings, saveCompanySettings } from "@/server/companies/settings";
import { saveCompanySettingsInput } from "./company.schema";

export const companyRouter = createTRPCRouter({
  /** The settings, whether the currency may still change, and the last changes with old and new values. */
  settings: adminProcedure.query(({ ctx }) => getCompanySettings(ctx)),
  saveSettings: adminProcedure
    .input(saveCompanySettingsInput)
    .mutation(({ ctx, input: { matchTolerancePercent, ...rest } }) => saveCompanySettings(ctx, { ...rest, matchToleranceBp: matchTolerancePercent })),
});
