/**
 * A company made in one go: people, cost centers with budgets, a first approval policy and its supplier connections.
 * The demo company on an empty database, the Playwright fixtures' companies (through the test hooks) and the
 * integration harness all come through here. It lives in server/, not db/, because it asks a supplier (Hygrade's
 * approval threshold for the account) and seals credentials.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { approvalPolicyVersions, budgets, companies, costCenters, costCenterUsers, supplierConnections, users, type BudgetPeriodKind } from "@/db/schema";
import type { Role } from "@/common/roles";
import { defaultPolicyRules } from "@/server/approvals/default-policy";
import type { PolicyRule } from "@/server/domain/approval-policy";
import { money } from "@/server/domain/money";
import { periodContaining } from "@/server/domain/budgets";
import { hashPassword } from "@/server/passwords";
import { createSupplierConnection, type SupplierConnectionExtras } from "@/server/connections/connections";
import { connectorFor, type SupplierConnectionSettings } from "@/server/suppliers";
import { loadAccountsPayableConnection, saveAccountsPayableConnection } from "@/server/accounts-payable/connection";
import type { HypatosSettings } from "@/server/hypatos/client";

type HypatosConnectionSettings = Omit<HypatosSettings, "retry">;

export interface CompanySpec {
  name: string;
  currency?: string;
  /** Minor units; null = everything approved at once; "from-supplier" = Hygrade's approval_required_over for the account. */
  approvalThreshold: number | null | "from-supplier";
  poNumberRequired?: boolean;
  users: { email: string; name: string; password: string; roles: Role[]; defaultCostCenterCode?: string }[];
  costCenters: CostCenterSpec[];
  /** `portalApprovalAnswersHold`: the company's chain answers Hygrade's own approval hold (see supplier_connections). */
  hygrade: SupplierConnectionSettings & { displayName?: string; portalApprovalAnswersHold?: boolean };
  /** A second supplier, when configured. */
  yodify?: (SupplierConnectionSettings & { displayName?: string }) | null;
  /** An Orderspace seller (its API takes no orders: purchase orders go to orderEmail), when configured. */
  orderspace?: (SupplierConnectionSettings & { displayName?: string } & SupplierConnectionExtras) | null;
  /** The company's accounts-payable service (Hypatos), which reads uploaded invoices and takes its orders and receipts. */
  hypatos?: HypatosConnectionSettings | null;
  /** A seller on OrderCloud (its own approval rules may hold an order), when configured. */
  ordercloud?: (SupplierConnectionSettings & { displayName?: string }) | null;
  /** The approval policy's first version; by default the threshold rule plus over budget -> cost center owner. */
  policy?: PolicyRule[];
  /** Hours before an approval step is escalated / its approvers reminded. */
  escalationHours?: number;
  reminderHours?: number;
}

export interface CostCenterSpec {
  code: string;
  name: string;
  description?: string;
  glAccount?: string;
  ownerEmail?: string;
  /** Who may charge it; everyone in the company when left out. */
  chargeableBy?: string[];
  /** Budgets for the period containing today, in the company's currency. */
  budgets?: { period: BudgetPeriodKind; amountMinor: number }[];
}

export interface SeededCompany {
  companyId: string;
  connectionId: string;
  /** The Yodify connection, when the company has one. */
  yodifyConnectionId: string | null;
  /** The Orderspace connection, when the company has one. */
  orderspaceConnectionId: string | null;
  /** The OrderCloud connection, when the company has one. */
  ordercloudConnectionId: string | null;
  users: { id: string; email: string; name: string; roles: Role[] }[];
  costCenters: { id: string; code: string; name: string }[];
  approvalThresholdMinor: number | null;
}

export async function seedCompany(db: Database, spec: CompanySpec): Promise<SeededCompany> {
  let threshold: number | null = spec.approvalThreshold === "from-supplier" ? null : spec.approvalThreshold;
  if (spec.approvalThreshold === "from-supplier") {
    const account = await connectorFor("hygrade", spec.hygrade).getAccount();
    threshold = account.approvalRequiredOver?.amount ?? null;
  }
  const passwordHashes = await Promise.all(spec.users.map((u) => hashPassword(u.password)));
  return db.transaction(async (tx) => {
    const [company] = await tx
      .insert(companies)
      .values({
        name: spec.name,
        currency: spec.currency ?? "USD",
        approvalThresholdMinor: threshold,
        poNumberRequired: spec.poNumberRequired ?? true,
        escalationHours: spec.escalationHours ?? 48,
        reminderHours: spec.reminderHours ?? 24,
      })
      .returning();
    const createdUsers = await tx
      .insert(users)
      .values(
        spec.users.map((u, i) => ({ companyId: company!.id, email: u.email.toLowerCase(), name: u.name, roles: u.roles, passwordHash: passwordHashes[i]! })),
      )
      .returning({ id: users.id, email: users.email, name: users.name, roles: users.roles });
    const currency = spec.currency ?? "USD";
    const userByEmail = new Map(createdUsers.map((u) => [u.email, u]));
    const centers = await tx
      .insert(costCenters)
      .values(
        spec.costCenters.map((c) => ({
          companyId: company!.id,
          code: c.code,
          name: c.name,
          description: c.description ?? "",
          glAccount: c.glAccount ?? null,
          ownerId: c.ownerEmail ? (userByEmail.get(c.ownerEmail.toLowerCase())?.id ?? null) : null,
          currency,
        })),
      )
      .returning({ id: costCenters.id, code: costCenters.code, name: costCenters.name });
    const members = spec.costCenters.flatMap((c, i) =>
      (c.chargeableBy ?? createdUsers.map((u) => u.email)).map((email) => ({
        companyId: company!.id,
        costCenterId: centers[i]!.id,
        userId: userByEmail.get(email.toLowerCase())!.id,
      })),
    );
    if (members.length) await tx.insert(costCenterUsers).values(members);
    const now = new Date();
    const budgetRows = spec.costCenters.flatMap((c, i) =>
      (c.budgets ?? []).map((b) => {
        const period = periodContaining(b.period, now);
        return {
          companyId: company!.id,
          costCenterId: centers[i]!.id,
          periodKind: b.period,
          periodStart: period.start,
          periodEnd: period.end,
          amountMinor: b.amountMinor,
          currency,
        };
      }),
    );
    if (budgetRows.length) await tx.insert(budgets).values(budgetRows);
    await tx.insert(approvalPolicyVersions).values({
      companyId: company!.id,
      version: 1,
      rules: spec.policy ?? defaultPolicyRules(threshold === null ? null : money(threshold, currency)),
      note: "First policy",
    });
    for (const u of spec.users) {
      const center = u.defaultCostCenterCode ? centers.find((c) => c.code === u.defaultCostCenterCode) : undefined;
      if (center)
        await tx
          .update(users)
          .set({ defaultCostCenterId: center.id })
          .where(eq(users.id, userByEmail.get(u.email.toLowerCase())!.id));
    }
    const connection = await createSupplierConnection(tx, {
      companyId: company!.id,
      supplier: "hygrade",
      displayName: spec.hygrade.displayName ?? "Hygrade",
      settings: spec.hygrade,
      portalApprovalAnswersHold: spec.hygrade.portalApprovalAnswersHold,
    });
    const yodify = spec.yodify
      ? await createSupplierConnection(tx, {
          companyId: company!.id,
          supplier: "yodify",
          displayName: spec.yodify.displayName ?? "Yodify",
          settings: spec.yodify,
        })
      : null;
    const orderspace = spec.orderspace
      ? await createSupplierConnection(tx, {
          companyId: company!.id,
          supplier: "orderspace",
          displayName: spec.orderspace.displayName ?? "Northfield Workwear",
          settings: spec.orderspace,
          orderEmail: spec.orderspace.orderEmail,
          webhook: spec.orderspace.webhook,
        })
      : null;
    if (spec.hypatos) await saveAccountsPayableConnection(tx, company!.id, spec.hypatos);
    const ordercloud = spec.ordercloud ? await createOrderCloudConnection(tx, company!.id, spec.ordercloud) : null;
    return {
      companyId: company!.id,
      connectionId: connection.id,
      yodifyConnectionId: yodify?.id ?? null,
      orderspaceConnectionId: orderspace?.id ?? null,
      ordercloudConnectionId: ordercloud?.id ?? null,
      users: createdUsers,
      costCenters: centers,
      approvalThresholdMinor: threshold,
    };
  });
}

export const DEMO_PASSWORD = "acme-demo-2026";
export const DEMO_USERS = [
  { email: "buyer@acme.example", name: "Jane Doe", roles: ["buyer"] as Role[], defaultCostCenterCode: "CC-4420" },
  { email: "approver@acme.example", name: "Sam Rivera", roles: ["approver"] as Role[] },
  { email: "buyer2@acme.example", name: "Lee Chen", roles: ["buyer"] as Role[], defaultCostCenterCode: "CC-1100" },
  { email: "admin@acme.example", name: "Alex Morgan", roles: ["admin", "approver", "buyer"] as Role[] },
  { email: "ap@acme.example", name: "Pat Quinn", roles: ["accounts_payable"] as Role[] },
];

const DEMO_ORDERCLOUD_NAME = "Meridian Office & Industrial";

function createOrderCloudConnection(db: Database, companyId: string, settings: NonNullable<CompanySpec["ordercloud"]>) {
  return createSupplierConnection(db, { companyId, supplier: "ordercloud", displayName: settings.displayName ?? DEMO_ORDERCLOUD_NAME, settings });
}

/**
 * The demo company, created once on an empty database. Returns null when it already exists; a supplier added to the
 * demo since (OrderCloud) is connected to an existing demo company then, so an old data folder gets it too.
 */
export async function seedDemoCompany(
  db: Database,
  hygrade: SupplierConnectionSettings,
  yodify: SupplierConnectionSettings | null = null,
  orderspace: CompanySpec["orderspace"] = null,
  hypatos: HypatosConnectionSettings | null = null,
  ordercloud: CompanySpec["ordercloud"] = null,
): Promise<SeededCompany | null> {
  const [existing] = await db.select({ id: companies.id }).from(companies).where(eq(companies.name, "Acme Corporation")).limit(1);
  if (existing) {
    // Added to the demo since it was first made: an existing data folder gets the accounts-payable user and connection too.
    if (hypatos && !(await loadAccountsPayableConnection(db, existing.id))) await saveAccountsPayableConnection(db, existing.id, hypatos);
    const ap = DEMO_USERS.find((u) => u.roles.includes("accounts_payable"))!;
    const [known] = await db
      .select({ id: users.id })
      .from(users)
      .where(eq(sql`lower(${users.email})`, ap.email))
      .limit(1);
    if (!known)
      await db
        .insert(users)
        .values({ companyId: existing.id, email: ap.email, name: ap.name, passwordHash: await hashPassword(DEMO_PASSWORD), roles: ap.roles });
    if (ordercloud) {
      const [connected] = await db
        .select({ id: supplierConnections.id })
        .from(supplierConnections)
        .where(and(eq(supplierConnections.companyId, existing.id), eq(supplierConnections.supplier, "ordercloud")))
        .limit(1);
      if (!connected) await createOrderCloudConnection(db, existing.id, ordercloud);
    }
    return null;
  }
  return seedCompany(db, {
    name: "Acme Corporation",
    approvalThreshold: "from-supplier",
    users: DEMO_USERS.map((u) => ({ ...u, password: DEMO_PASSWORD })),
    costCenters: [
      {
        code: "CC-4420",
        name: "Facilities - Cincinnati",
        description: "Building upkeep, janitorial and safety supplies for the Cincinnati plant",
        glAccount: "6420-100",
        ownerEmail: "approver@acme.example",
        budgets: [{ period: "month", amountMinor: 500_000 }],
      },
      { code: "CC-1100", name: "Marketing", glAccount: "6100-200", ownerEmail: "admin@acme.example", budgets: [{ period: "quarter", amountMinor: 2_000_000 }] },
      {
        code: "CC-2300",
        name: "Operations",
        glAccount: "6230-000",
        ownerEmail: "approver@acme.example",
        budgets: [{ period: "year", amountMinor: 15_000_000 }],
      },
      { code: "CC-3150", name: "Finance & Admin", glAccount: "6315-000", chargeableBy: ["admin@acme.example", "approver@acme.example"] },
    ],
    // Acme decides once: its chain already asks an approver above Hygrade's limit, so that approval answers Hygrade's hold.
    hygrade: { ...hygrade, portalApprovalAnswersHold: true },
    yodify,
    orderspace,
    hypatos,
    ordercloud,
  });
}
