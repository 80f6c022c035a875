/**
 * Integration harness: a real database (PGlite in memory, or the PostgreSQL at
 * TEST_DATABASE_URL), real Hygrade and Yodify sandboxes on loopback ports, a seeded
 * company, and tRPC callers acting as its users. Nothing is mocked.
 */
import { TRPCError } from "@trpc/server";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { seedCompany, type CompanySpec, type SeededCompany } from "@/server/demo/seed";
import { startHygradeSandbox } from "@/server/sandboxes/hygrade/sandbox";
import { startYodifySandbox } from "@/server/sandboxes/yodify/sandbox";
import { startOrderspaceSandbox } from "@/server/sandboxes/orderspace/sandbox";
import { ACME_CUSTOMER_ID } from "@/server/sandboxes/orderspace/data";
import { startOrderCloudSandbox } from "@/server/sandboxes/ordercloud/sandbox";
import { startHypatosSandbox } from "@/server/sandboxes/hypatos/sandbox";
import { createCaller } from "@/server/trpc/root";
import { startSession, type SessionOrigin } from "@/server/sessions/sessions";

export type DatabaseKind = "pglite" | "postgres";

/** PGlite always; PostgreSQL too when CI provides one. */
export const databaseKinds: DatabaseKind[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

let testDatabases = 0;

/**
 * PGlite in memory, or a database of its own on the PostgreSQL server at TEST_DATABASE_URL (created for the suite and
 * dropped when it closes), so suites running side by side never see each other's rows.
 */
export async function openTestDatabase(kind: DatabaseKind): Promise<DatabaseHandle> {
  if (kind === "pglite") {
    const handle = await openDatabase({ dataDir: "memory://" });
    await handle.migrate();
    return handle;
  }
  const server = new URL(process.env.TEST_DATABASE_URL!);
  const name = `portal_test_${process.pid}_${++testDatabases}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const own = new URL(server);
  own.pathname = `/${name}`;
  const handle = await openDatabase({ url: own.toString() });
  await handle.migrate();
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: server.toString() });
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists ${name}`);
      } finally {
        await dropper.end();
      }
    },
  };
}

export type Sandbox = Awaited<ReturnType<typeof startHygradeSandbox>>;

export async function startHarness(kind: DatabaseKind = "pglite") {
  const [sandbox, yodify, orderspace, ordercloud, hypatos, database] = await Promise.all([
    startHygradeSandbox({ port: 0, autoAdvanceMs: null }),
    startYodifySandbox({ port: 0, autoAdvanceMs: null }),
    // As fast as the tests' connections pace themselves (vitest.setup.ts); its own limits are tested apart.
    startOrderspaceSandbox({ port: 0, limit: { requests: 100_000 }, deliveryRetryMs: 50 }),
    startOrderCloudSandbox({ port: 0 }),
    // Reads a file in a fifth of a second: the states still pass through processing, the tests do not wait seconds.
    startHypatosSandbox({ port: 0, processingMs: 200, rateLimit: { requests: 100_000, windowMs: 60_000 } }),
    openTestDatabase(kind),
  ]);
  const orderspaceSettings = {
    baseUrl: orderspace.baseUrl,
    tokenUrl: orderspace.tokenUrl,
    clientId: orderspace.clientId,
    clientSecret: orderspace.clientSecret,
    accountId: ACME_CUSTOMER_ID,
  };
  const ordercloudSettings = {
    baseUrl: ordercloud.baseUrl,
    tokenUrl: ordercloud.tokenUrl,
    clientId: ordercloud.clientId,
    clientSecret: "",
    accountId: ordercloud.buyerId,
    grant: { kind: "password" as const, ...ordercloud.users.buyer },
  };
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

  const hypatosSettings = {
    baseUrl: hypatos.baseUrl,
    tokenUrl: hypatos.tokenUrl,
    clientId: hypatos.clientId,
    clientSecret: hypatos.clientSecret,
    projectId: hypatos.projectId,
  };

  /** `background`: as the navigation's own refresh of its counts sends it (not counted as use of the session). */
  const callerForSession = (sessionId: string, options: { background?: boolean } = {}) =>
    createCaller({ db: database.db, sessionId, background: options.background });

  let companies = 0;
  /**
   * `withYodify: true` connects the company to the Yodify sandbox as well; `withOrderspace` to the Orderspace one (with
   * its order address and webhook); `withOrderCloud` to the OrderCloud one (its buyer user, by the password grant).
   */
  const createCompany = async (
    overrides: Partial<CompanySpec> & {
      withYodify?: boolean;
      withOrderspace?: { orderEmail?: string; webhook?: { key: string; secret: string } };
      withOrderCloud?: boolean;
      /** Connects the company to the Hypatos sandbox (its accounts-payable service) and adds an accounts-payable user. */
      withHypatos?: boolean;
    } = {},
  ): Promise<
    SeededCompany & {
      callerFor: (email: string) => ReturnType<typeof createCaller>;
      signIn: (email: string, origin?: SessionOrigin) => Promise<{ sessionId: string; caller: ReturnType<typeof createCaller> }>;
    }
  > => {
    const n = ++companies;
    const seeded = await seedCompany(database.db, {
      name: `Harness Co ${n}`,
      approvalThreshold: "from-supplier",
      users: [
        { email: `buyer${n}@harness.example`, name: `Buyer ${n}`, password: "harness-password", roles: ["buyer"] },
        { email: `approver${n}@harness.example`, name: `Approver ${n}`, password: "harness-password", roles: ["approver"] },
        { email: `lead${n}@harness.example`, name: `Lead ${n}`, password: "harness-password", roles: ["buyer", "approver"] },
        { email: `ap${n}@harness.example`, name: `Payables ${n}`, password: "harness-password", roles: ["accounts_payable"] },
      ],
      costCenters: [
        { code: "CC-4420", name: "Facilities" },
        { code: "CC-1100", name: "Marketing" },
      ],
      hygrade: settings,
      yodify: overrides.withYodify ? yodifySettings : null,
      orderspace: overrides.withOrderspace ? { ...orderspaceSettings, ...overrides.withOrderspace } : null,
      ordercloud: overrides.withOrderCloud ? ordercloudSettings : null,
      hypatos: overrides.withHypatos ? hypatosSettings : null,
      ...overrides,
    });
    const userOf = (email: string) => {
      const user = seeded.users.find((u) => u.email === email);
      if (!user) throw new Error(`no user ${email}`);
      return user;
    };
    /** A sign-in as the portal makes it (a session row of its own), and a caller carrying its session id. */
    const signIn = async (email: string, origin: SessionOrigin = {}) => {
      const { sessionId } = await startSession(database.db, { id: userOf(email).id, companyId: seeded.companyId }, origin);
      return { sessionId, caller: callerForSession(sessionId) };
    };
    return {
      ...seeded,
      signIn,
      // Signed in on first use: every call goes through the same session check as the portal's.
      callerFor: (email: string) => {
        const user = userOf(email);
        let session: Promise<{ sessionId: string }> | undefined;
        return createCaller(async () => ({
          db: database.db,
          sessionId: (await (session ??= startSession(database.db, { id: user.id, companyId: seeded.companyId }, {}))).sessionId,
        }));
      },
    };
  };

  return {
    db: database.db,
    sandbox,
    settings,
    yodify,
    yodifySettings,
    orderspace,
    orderspaceSettings,
    ordercloud,
    ordercloudSettings,
    hypatos,
    hypatosSettings,
    createCompany,
    anonymous: () => createCaller({ db: database.db, sessionId: null }),
    /** A caller carrying a session id as the sign-in cookie would, live or not. */
    callerForSession,
    close: async () => {
      await Promise.all([sandbox.close(), yodify.close(), orderspace.close(), ordercloud.close(), hypatos.close(), database.close()]);
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
