/**
 * A fresh company per Playwright test (through the running portal's test hooks, since PGlite allows no second
 * process on its data folder): five people with one password, two cost centers, the suppliers' catalogs mirrored,
 * and one of a few approval policies.
 */
import { randomBytes } from "node:crypto";
import type { Database } from "@/db/client";
import { approvalPolicyVersions } from "@/db/schema";
import { syncCatalog } from "@/server/catalog/sync";
import type { PolicyRule } from "@/server/domain/approval-policy";
import { money } from "@/server/domain/money";
import type { HypatosSettings } from "@/server/hypatos/client";
import type { SupplierConnectionSettings } from "@/server/suppliers";
import { seedCompany } from "./seed";

export const TEST_POLICIES = ["default", "owner-then-finance", "approver"] as const;

export interface TestCompanyOptions {
  approvalThresholdMinor: number | null;
  poNumberRequired: boolean;
  /**
   * "default" (threshold, and over budget to the owner), "owner-then-finance" (over $100: CC-4420's owner, the
   * approver, then Bo Second as Finance), "approver" (every requisition: the approver alone).
   */
  policy: (typeof TEST_POLICIES)[number];
  /** The buyer's default cost center, preselected at checkout (the three-tap reorder). */
  buyerDefaultCostCenter?: "CC-4420" | "CC-1100";
  /** Connect the Orderspace seller too (its catalog is mirrored at its 60 a minute, so only tests that buy there ask). */
  withOrderspace?: boolean;
  /** Connect the OrderCloud marketplace too (its own approval rule holds orders over $500). */
  withOrderCloud?: boolean;
}

export async function createTestCompany(
  db: Database,
  options: TestCompanyOptions,
  suppliers: {
    hygrade: SupplierConnectionSettings;
    yodify: SupplierConnectionSettings | null;
    orderspace?: (SupplierConnectionSettings & { orderEmail?: string | null; webhook?: { key: string; secret: string } | null }) | null;
    ordercloud?: SupplierConnectionSettings | null;
    /** Every test company reads its uploaded invoices at the Hypatos sandbox, when the portal runs with one. */
    hypatos?: Omit<HypatosSettings, "retry"> | null;
  },
) {
  const tag = randomBytes(4).toString("hex");
  const password = `pw-${randomBytes(9).toString("base64url")}`;
  // Each test company's connection has a webhook path of its own, signed with the seller's one key.
  const orderspace =
    options.withOrderspace && suppliers.orderspace
      ? {
          ...suppliers.orderspace,
          webhook: suppliers.orderspace.webhook
            ? { key: `os-test-${tag}-${randomBytes(12).toString("hex")}`, secret: suppliers.orderspace.webhook.secret }
            : null,
        }
      : null;
  const seeded = await seedCompany(db, {
    name: `Test Co ${tag}`,
    approvalThreshold: options.approvalThresholdMinor,
    poNumberRequired: options.poNumberRequired,
    users: [
      { email: `buyer-${tag}@test.example`, name: `Bea Buyer ${tag}`, password, roles: ["buyer"], defaultCostCenterCode: options.buyerDefaultCostCenter },
      { email: `approver-${tag}@test.example`, name: `Abe Approver ${tag}`, password, roles: ["approver"] },
      { email: `buyer2-${tag}@test.example`, name: `Bo Second ${tag}`, password, roles: ["buyer", "approver"] },
      { email: `admin-${tag}@test.example`, name: `Ada Admin ${tag}`, password, roles: ["admin", "approver"] },
      { email: `ap-${tag}@test.example`, name: `Pia Payables ${tag}`, password, roles: ["accounts_payable"] },
    ],
    costCenters: [
      { code: "CC-4420", name: "Facilities", ownerEmail: `approver-${tag}@test.example`, glAccount: "6420-100" },
      { code: "CC-1100", name: "Marketing" },
    ],
    hygrade: suppliers.hygrade,
    yodify: suppliers.yodify,
    orderspace,
    ordercloud: options.withOrderCloud ? (suppliers.ordercloud ?? null) : null,
    hypatos: suppliers.hypatos ?? null,
  });
  // Tests search at once: mirror the new company's catalogs before handing it over.
  await Promise.all(
    [seeded.connectionId, seeded.yodifyConnectionId, seeded.orderspaceConnectionId, seeded.ordercloudConnectionId]
      .filter((id): id is string => id !== null)
      .map((id) => syncCatalog(db, id)),
  );
  if (options.policy !== "default") {
    const id = (prefix: string) => seeded.users.find((u) => u.email.startsWith(`${prefix}-`))!.id;
    const over100 = { kind: "total_above" as const, amount: money(10_000, "USD") };
    const rules: PolicyRule[] =
      options.policy === "approver"
        ? [{ id: "approver", conditions: [], step: { level: 1, approvers: [{ kind: "users", userIds: [id("approver")] }], mode: "any" } }]
        : [
            { id: "owner", conditions: [over100], step: { level: 1, approvers: [{ kind: "cost_center_owner" }], mode: "any" } },
            { id: "finance", conditions: [over100], step: { level: 2, approvers: [{ kind: "users", userIds: [id("buyer2")] }], mode: "any" } },
          ];
    await db.insert(approvalPolicyVersions).values({ companyId: seeded.companyId, version: 2, rules, note: `test hook: ${options.policy}` });
  }
  return { ...seeded, password, name: `Test Co ${tag}`, orderspaceWebhook: orderspace?.webhook ?? null };
}
