import { unlessTestRun } from "../guard";
import { z } from "zod";
import { getDb } from "@/server/database";
import { createTestCompany, TEST_POLICIES } from "@/server/demo/test-company";
import { env, hypatosSettingsFromEnv, ordercloudSettingsFromEnv, orderspaceSettingsFromEnv, yodifySettingsFromEnv } from "@/server/env";

/**
 * Playwright fixtures create a fresh company with its own users per test through the running portal. Mounted only
 * when PORTAL_TEST_HOOKS=1; a 404 everywhere else.
 */
const input = z.object({
  approvalThresholdMinor: z.number().int().min(0).nullable().default(50_000),
  poNumberRequired: z.boolean().default(true),
  policy: z.enum(TEST_POLICIES).default("default"),
  buyerDefaultCostCenter: z.enum(["CC-4420", "CC-1100"]).optional(),
  withOrderspace: z.boolean().default(false),
  withOrderCloud: z.boolean().default(false),
});

export async function POST(request: Request) {
  const refused = unlessTestRun(request);
  if (refused) return refused;
  const parsed = input.safeParse(await request.json().catch(() => ({})));
  if (!parsed.success) return Response.json({ error: z.prettifyError(parsed.error) }, { status: 400 });
  if (!env.HYGRADE_BASE_URL || !env.HYGRADE_TOKEN_URL || !env.HYGRADE_CLIENT_ID || !env.HYGRADE_CLIENT_SECRET) {
    return Response.json({ error: "HYGRADE_* is not configured" }, { status: 500 });
  }
  const hygrade = {
    baseUrl: env.HYGRADE_BASE_URL,
    tokenUrl: env.HYGRADE_TOKEN_URL,
    clientId: env.HYGRADE_CLIENT_ID,
    clientSecret: env.HYGRADE_CLIENT_SECRET,
    accountId: env.HYGRADE_CUST_ID ?? "ACME001",
  };
  return Response.json(
    await createTestCompany(await getDb(), parsed.data, {
      hygrade,
      yodify: yodifySettingsFromEnv(),
      orderspace: orderspaceSettingsFromEnv(),
      ordercloud: ordercloudSettingsFromEnv(),
      hypatos: hypatosSettingsFromEnv(),
    }),
  );
}
