import { randomBytes } from "node:crypto";
import { z } from "zod";
import { getDb } from "@/db/client";
import { approvalPolicyVersions } from "@/db/schema";
import { seedCompany } from "@/db/seed";
import type { PolicyRule } from "@/server/domain/approval-policy";
import { money } from "@/server/domain/money";
import { syncCatalog } from "@/server/catalog/sync";
import { env, yodifySettingsFromEnv } from "@/server/env";

/**
 * Playwright fixtures create a fresh company with its own users per test
 * through the running portal (PGlite allows no second process on its data
 * folder). Mounted only when PORTAL_TEST_HOOKS=1; a 404 everywhere else.
 */
const input = z.object({
  approvalThresholdMinor: z.number().int().min(0).nullable().default(50_000),
  poNumberRequired: z.boolean().default(true),
  /**
   * The approval policy to start with: "default" (threshold, and over budget to the owner),
   * "owner-then-finance" (over $100: CC-4420's owner, the approver, then Bo Second as Finance),
   * "approver" (every requisition: the approver alone).
   */
  policy: z.enum(["default", "owner-then-finance", "approver"]).default("default"),
  /** The buyer's default cost center, preselected at checkout (the three-tap reorder); none unless asked, as other specs choose one. */
  buyerDefaultCostCenter: z.enum(["CC-4420", "CC-1100"]).optional(),
});

export async function POST(request: Request) {
  if (env.PORTAL_TEST_HOOKS !== "1") return new Response("Not found", { status: 404 });
  const parsed = input.safeParse(await request.json().catch(() => ({})));
  if (!parsed.success) return Response.json({ error: z.prettifyError(parsed.error) }, { status: 400 });
  if (!env.HYGRADE_BASE_URL || !env.HYGRADE_TOKEN_URL || !env.HYGRADE_CLIENT_ID || !env.HYGRADE_CLIENT_SECRET) {
    return Response.json({ error: "HYGRADE_* is not configured" }, { status: 500 });
  }
  const tag = randomBytes(4).toString("hex");
  const password = `pw-${randomBytes(9).toString("base64url")}`;
  const db = await getDb();
  const seeded = await seedCompany(db, {
    name: `Test Co ${tag}`,
    approvalThreshold: parsed.data.approvalThresholdMinor,
    poNumberRequired: parsed.data.poNumberRequired,
    users: [
      { email: `buyer-${tag}@test.example`, name: `Bea Buyer ${tag}`, password, roles: ["buyer"], defaultCostCenterCode: parsed.data.buyerDefaultCostCenter },
      { email: `approver-${tag}@test.example`, name: `Abe Approver ${tag}`, password, roles: ["approver"] },
      { email: `buyer2-${tag}@test.example`, name: `Bo Second ${tag}`, password, roles: ["buyer", "approver"] },
      { email: `admin-${tag}@test.example`, name: `Ada Admin ${tag}`, password, roles: ["admin", "approver"] },
    ],
    costCenters: [
      { code: "CC-4420", name: "Facilities", ownerEmail: `approver-${tag}@test.example`, glAccount: "6420-100" },
      { code: "CC-1100", name: "Marketing" },
    ],
    hygrade: {
      baseUrl: env.HYGRADE_BASE_URL,
      tokenUrl: env.HYGRADE_TOKEN_URL,
      clientId: env.HYGRADE_CLIENT_ID,
      clientSecret: env.HYGRADE_CLIENT_SECRET,
      accountId: env.HYGRADE_CUST_ID ?? "ACME001",
    },
    yodify: yodifySettingsFromEnv(),
  });
  // Tests search at once: mirror the new company's catalogs before handing it over.
  await Promise.all([seeded.connectionId, seeded.yodifyConnectionId].filter((id): id is string => id !== null).map((id) => syncCatalog(db, id)));
  if (parsed.data.policy !== "default") {
    const id = (prefix: string) => seeded.users.find((u) => u.email.startsWith(`${prefix}-`))!.id;
    const over100 = { kind: "total_above" as const, amount: money(10_000, "USD") };
    const rules: PolicyRule[] =
      parsed.data.policy === "approver"
        ? [{ id: "approver", conditions: [], step: { level: 1, approvers: [{ kind: "users", userIds: [id("approver")] }], mode: "any" } }]
        : [
            { id: "owner", conditions: [over100], step: { level: 1, approvers: [{ kind: "cost_center_owner" }], mode: "any" } },
            { id: "finance", conditions: [over100], step: { level: 2, approvers: [{ kind: "users", userIds: [id("buyer2")] }], mode: "any" } },
          ];
    await db.insert(approvalPolicyVersions).values({ companyId: seeded.companyId, version: 2, rules, note: `test hook: ${parsed.data.policy}` });
  }
  return Response.json({ ...seeded, password, name: `Test Co ${tag}` });
}
