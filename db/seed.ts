import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { companies, costCenters, users, type Role } from "@/db/schema";
import { hashPassword } from "@/server/passwords";
import { createSupplierConnection } from "@/server/suppliers/connections";
import { connectorFor } from "@/server/suppliers";
import type { SupplierConnectionSettings } from "@/server/suppliers/types";

export interface CompanySpec {
  name: string;
  currency?: string;
  /** Minor units; null = everything approved at once; "from-supplier" = Hygrade's approval_required_over for the account. */
  approvalThreshold: number | null | "from-supplier";
  poNumberRequired?: boolean;
  users: { email: string; name: string; password: string; roles: Role[] }[];
  costCenters: { code: string; name: string }[];
  hygrade: SupplierConnectionSettings & { displayName?: string };
}

export interface SeededCompany {
  companyId: string;
  connectionId: string;
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
      .values({ name: spec.name, currency: spec.currency ?? "USD", approvalThresholdMinor: threshold, poNumberRequired: spec.poNumberRequired ?? true })
      .returning();
    const createdUsers = await tx
      .insert(users)
      .values(spec.users.map((u, i) => ({ companyId: company!.id, email: u.email.toLowerCase(), name: u.name, roles: u.roles, passwordHash: passwordHashes[i]! })))
      .returning({ id: users.id, email: users.email, name: users.name, roles: users.roles });
    const centers = await tx
      .insert(costCenters)
      .values(spec.costCenters.map((c) => ({ companyId: company!.id, code: c.code, name: c.name })))
      .returning({ id: costCenters.id, code: costCenters.code, name: costCenters.name });
    const connection = await createSupplierConnection(tx, {
      companyId: company!.id,
      supplier: "hygrade",
      displayName: spec.hygrade.displayName ?? "Hygrade",
      settings: spec.hygrade,
    });
    return { companyId: company!.id, connectionId: connection.id, users: createdUsers, costCenters: centers, approvalThresholdMinor: threshold };
  });
}

export const DEMO_PASSWORD = "acme-demo-2026";
export const DEMO_USERS = [
  { email: "buyer@acme.example", name: "Jane Doe", roles: ["buyer"] as Role[] },
  { email: "approver@acme.example", name: "Sam Rivera", roles: ["approver"] as Role[] },
  { email: "buyer2@acme.example", name: "Lee Chen", roles: ["buyer"] as Role[] },
  { email: "admin@acme.example", name: "Alex Morgan", roles: ["admin", "approver", "buyer"] as Role[] },
];

/** The demo company, created once on an empty database. Returns null when a company already exists. */
export async function seedDemoCompany(db: Database, hygrade: SupplierConnectionSettings): Promise<SeededCompany | null> {
  const [existing] = await db.select({ id: companies.id }).from(companies).where(eq(companies.name, "Acme Corporation")).limit(1);
  if (existing) return null;
  return seedCompany(db, {
    name: "Acme Corporation",
    approvalThreshold: "from-supplier",
    users: DEMO_USERS.map((u) => ({ ...u, password: DEMO_PASSWORD })),
    costCenters: [
      { code: "CC-4420", name: "Facilities - Cincinnati" },
      { code: "CC-1100", name: "Marketing" },
      { code: "CC-2300", name: "Operations" },
      { code: "CC-3150", name: "Finance & Admin" },
    ],
    hygrade,
  });
}
