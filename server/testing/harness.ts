/**
 * Integration harness: a real database (PGlite in memory, or the PostgreSQL at
 * TEST_DATABASE_URL), real Hygrade and Yodify sandboxes on loopback ports, a seeded
 * company, and tRPC callers acting as its users. Nothing is mocked.
 */
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { seedCompany, type CompanySpec, type SeededCompany } from "@/db/seed";
import { startHygradeSandbox } from "@/server/sandboxes/hygrade/sandbox";
import { startYodifySandbox } from "@/server/sandboxes/yodify/sandbox";
import { createCaller } from "@/server/trpc/root";

export type DatabaseKind = "pglite" | "postgres";

/** PGlite always; PostgreSQL too when CI provides one. */
export const databaseKinds: DatabaseKind[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

export async function openTestDatabase(kind: DatabaseKind): Promise<DatabaseHandle> {
  const handle = await openDatabase(kind === "postgres" ? { url: process.env.TEST_DATABASE_URL } : { dataDir: "memory://" });
  if (kind === "postgres") {
    // Each suite starts from an empty schema on the shared server.
    await handle.db.execute(sql`drop schema if exists public cascade`);
    await handle.db.execute(sql`drop schema if exists drizzle cascade`);
    await handle.db.execute(sql`create schema public`);
  }
  await handle.migrate();
  return handle;
}

export type Sandbox = Awaited<ReturnType<typeof startHygradeSandbox>>;

export async function startHarness(kind: DatabaseKind = "pglite") {
  const [sandbox, yodify, database] = await Promise.all([
    startHygradeSandbox({ port: 0, autoAdvanceMs: null }),
    startYodifySandbox({ port: 0, autoAdvanceMs: null }),
    openTestDatabase(kind),
  ]);
  const settings = {
    baseUrl: sandbox.baseUrl,
    tokenUrl: sandbox.tokenUrl,
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    accountId: "ACME001",
  };
  const yodifySettings = {
    baseUrl: yodify.baseUrl,
    tokenUrl: yodify.tokenUrl,
    clientId: yodify.clientId,
    clientSecret: yodify.clientSecret,
    accountId: "ACME",
  };

  let companies = 0;
  /** `withYodify: true` connects the company to the Yodify sandbox as well. */
  const createCompany = async (
    overrides: Partial<CompanySpec> & { withYodify?: boolean } = {},
  ): Promise<SeededCompany & { callerFor: (email: string) => ReturnType<typeof createCaller> }> => {
    const n = ++companies;
    const seeded = await seedCompany(database.db, {
      name: `Harness Co ${n}`,
      approvalThreshold: "from-supplier",
      users: [
        { email: `buyer${n}@harness.example`, name: `Buyer ${n}`, password: "harness-password", roles: ["buyer"] },
        { email: `approver${n}@harness.example`, name: `Approver ${n}`, password: "harness-password", roles: ["approver"] },
        { email: `lead${n}@harness.example`, name: `Lead ${n}`, password: "harness-password", roles: ["buyer", "approver"] },
      ],
      costCenters: [
        { code: "CC-4420", name: "Facilities" },
        { code: "CC-1100", name: "Marketing" },
      ],
      hygrade: settings,
      yodify: overrides.withYodify ? yodifySettings : null,
      ...overrides,
    });
    return {
      ...seeded,
      callerFor: (email: string) => {
        const user = seeded.users.find((u) => u.email === email);
        if (!user) throw new Error(`no user ${email}`);
        return createCaller({ db: database.db, sessionUserId: user.id });
      },
    };
  };

  return {
    db: database.db,
    sandbox,
    settings,
    yodify,
    yodifySettings,
    createCompany,
    anonymous: () => createCaller({ db: database.db, sessionUserId: null }),
    close: async () => {
      await Promise.all([sandbox.close(), yodify.close(), database.close()]);
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** The refusal a caller gets (code, message, field), for asserting what a person would read. */
export async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message, field: (error as { field?: string }).field };
    throw error;
  }
  throw new Error("expected the call to be refused");
}
