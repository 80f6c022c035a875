import { getPolicy, savePolicy, saveSettings } from "@/server/approvals/policy";
import type { Handled, MemberContext } from "@/server/trpc/init";
import type { savePolicyInput, saveSettingsInput } from "./policy.schema";

export const getPolicyHandler = ({ ctx }: { ctx: MemberContext }) => getPolicy(ctx);
export const savePolicyHandler = ({ ctx, input }: Handled<typeof savePolicyInput>) => savePolicy(ctx, input);
export const saveSettingsHandler = ({ ctx, input }: Handled<typeof saveSettingsInput>) => saveSettings(ctx, input);
