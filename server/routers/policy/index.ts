import { adminProcedure, createTRPCRouter } from "@/server/trpc/init";
import { savePolicyInput, saveSettingsInput } from "./policy.schema";
import { getPolicy, savePolicy, saveSettings } from "@/server/approvals/policy";

export const policyRouter = createTRPCRouter({
  /** The current policy in words, its history, the approval settings, and what the editor may choose from. */
  get: adminProcedure.query(({ ctx }) => getPolicy(ctx)),
  /** A new version; requisitions already submitted keep the version they were submitted under. */
  save: adminProcedure.input(savePolicyInput).mutation(({ ctx, input }) => savePolicy(ctx, input)),
  saveSettings: adminProcedure.input(saveSettingsInput).mutation(({ ctx, input }) => saveSettings(ctx, input)),
});
