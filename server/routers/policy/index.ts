import { adminProcedure, createTRPCRouter } from "@/server/trpc/init";
import { getPolicyHandler, savePolicyHandler, saveSettingsHandler } from "./policy.handler";
import { savePolicyInput, saveSettingsInput } from "./policy.schema";

export const policyRouter = createTRPCRouter({
  /** The current policy in words, its history, the approval settings, and what the editor may choose from. */
  get: adminProcedure.query(getPolicyHandler),
  /** A new version; requisitions already submitted keep the version they were submitted under. */
  save: adminProcedure.input(savePolicyInput).mutation(savePolicyHandler),
  saveSettings: adminProcedure.input(saveSettingsInput).mutation(saveSettingsHandler),
});
