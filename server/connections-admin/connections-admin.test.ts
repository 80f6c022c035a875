/**
 * An admin keeps the company's connections: adds one to a real sandbox and tests it, is told exactly what is wrong
 * with a bad secret or address, never sees a secret again, cannot delete what orders refer to, and switching one off
 * hides its catalog. Real PGlite, real sandboxes.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, supplierConnections, supplierOrders } from "@/db/schema";
import { connectionsDueForSync, syncCatalog } from "@/server/catalog/sync";
import { runDueOutboxWork } from "@/server/jobs/outbox";
import { refreshOpenSupplierOrders } from "@/server/jobs/order-status";
import { rejection, startHarness, type Harness } from "@/server/testing/harness";

const password = "harness-password";

describe("supplier connections admin", () => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let other: Awaited<ReturnType<Harness["createCompany"]>>;

  beforeAll(async () => {
    h = await startHarness();
    acme = await h.createCompany({
      approvalThreshold: null,
      policy: [],
      users: [
        { email: "bea@conn.example", name: "Bea Buyer", password, roles: ["buyer"] },
        { email: "ada@conn.example", name: "Ada Admin", password, roles: ["admin"] },
      ],
    });
    other = await h.createCompany({ users: [{ email: "oli@other.example", name: "Oli Other", password, roles: ["admin"] }] });
  });
  afterAll(async () => h?.close());

  const admin = () => acme.callerFor("ada@conn.example");
  const buyer = () => acme.callerFor("bea@conn.example");
  const hygrade = (overrides: Record<string, unknown> = {}) => ({
    kind: "hygrade" as const,
    displayName: "Hygrade (second account)",
    baseUrl: h.settings.baseUrl,
    tokenUrl: h.settings.tokenUrl,
    clientId: h.settings.clientId,
    clientSecret: h.settings.clientSecret,
    accountId: "ACME001",
    ...overrides,
  });

  it("adds a Hygrade connection to the sandbox and tests it: signed in, account read, catalog read", async () => {
    const saved = await admin().connections.save(hygrade());
    expect(saved).toMatchObject({ kind: "hygrade", displayName: "Hygrade (second account)", accountId: "ACME001", enabled: true, orderCount: 0 });
    expect(saved.clientSecret.set).toBe(true);

    const result = await admin().connections.test({ id: saved.id });
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => [s.step, s.ok])).toEqual([
      ["sign_in", true],
      ["account", true],
      ["catalog", true],
    ]);
    expect(result.steps[1]!.detail).toContain("(ACME001)");
    expect(result.steps[2]!.detail).toMatch(/^Read \d+ items?, e\.g\. /);
  });

  it("says a wrong secret is the credentials' fault, and tries nothing after it", async () => {
    const saved = await admin().connections.save(hygrade({ displayName: "Hygrade wrong secret", clientSecret: "not-the-secret-at-all-1234" }));
    const result = await admin().connections.test({ id: saved.id });
    expect(result.ok).toBe(false);
    expect(result.steps[0]).toMatchObject({ step: "sign_in", ok: false, field: "clientSecret" });
    expect(result.steps[0]!.detail).toMatch(/refused the credentials \(HTTP 40\d, invalid_client\): check the client id and secret/);
    expect(result.steps.slice(1).every((s) => s.skipped)).toBe(true);

    // Fixed by typing the right secret; the rest of the settings stay as they were.
    await admin().connections.save({ ...hygrade({ displayName: "Hygrade wrong secret" }), id: saved.id });
    expect((await admin().connections.test({ id: saved.id })).ok).toBe(true);
  });

  it("says a wrong address is the address's fault: nothing listening, or a path that is not the API", async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const refused = await admin().connections.save(hygrade({ displayName: "Hygrade closed port", tokenUrl: `http://127.0.0.1:${closedPort}/oauth/token` }));
    const closed = await admin().connections.test({ id: refused.id });
    expect(closed.steps[0]).toMatchObject({ ok: false, field: "tokenUrl" });
    expect(closed.steps[0]!.detail).toBe("Could not connect to the token URL: connection refused (nothing listens at that address and port).");

    const wrongPath = await admin().connections.save(hygrade({ displayName: "Hygrade wrong path", baseUrl: `${h.settings.baseUrl}/nowhere` }));
    const missing = await admin().connections.test({ id: wrongPath.id });
    expect(missing.steps[0]).toMatchObject({ step: "sign_in", ok: true });
    expect(missing.steps[1]).toMatchObject({ step: "account", ok: false, field: "baseUrl" });
    expect(missing.steps[1]!.detail).toMatch(/^The base URL answered 404 Not Found: check its path/);

    const unknownAccount = await admin().connections.save(hygrade({ displayName: "Hygrade unknown account", accountId: "NOBODY9" }));
    const noAccount = await admin().connections.test({ id: unknownAccount.id });
    expect(noAccount.steps[1]).toMatchObject({ step: "account", ok: false, field: "accountId" });
    expect(noAccount.steps[1]!.detail).toMatch(/has no account NOBODY9/);
  });

  it("never says a secret back: the list shows only that one is set, and the audit log does not hold it", async () => {
    const secret = h.settings.clientSecret;
    expect(secret.length).toBeGreaterThanOrEqual(12);
    const saved = await admin().connections.save(hygrade({ displayName: "Hygrade secret check", clientSecret: secret }));
    const list = await admin().connections.list();
    const shown = list.find((c) => c.id === saved.id)!;
    expect(shown.clientSecret).toEqual({ set: true, last4: secret.slice(-4) });
    expect(JSON.stringify(list)).not.toContain(secret);
    const audits = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.companyId, acme.companyId), eq(auditLog.subjectId, saved.id)));
    expect(audits.map((a) => a.action)).toEqual(["connection_added"]);
    expect(JSON.stringify(audits)).not.toContain(secret);
    const [row] = await h.db.select().from(supplierConnections).where(eq(supplierConnections.id, saved.id));
    expect(row!.clientSecretSealed).not.toContain(secret);

    // A blank secret on a change keeps the stored one, so the connection still signs in.
    await admin().connections.save({ ...hygrade({ displayName: "Hygrade secret check, renamed", clientSecret: "" }), id: saved.id });
    expect((await admin().connections.list()).find((c) => c.id === saved.id)).toMatchObject({
      displayName: "Hygrade secret check, renamed",
      clientSecret: { set: true },
    });
    expect((await admin().connections.test({ id: saved.id })).ok).toBe(true);
  });

  it("refuses an address it may not use, naming the field, and saves nothing", async () => {
    const before = await admin().connections.list();
    const cases = [
      { input: hygrade({ baseUrl: "ftp://files.hygrade.example/v1" }), field: "baseUrl", message: "Base URL must start with http:// or https://" },
      {
        input: hygrade({ tokenUrl: "http://169.254.169.254/latest/meta-data/iam" }),
        field: "tokenUrl",
        message: "Token URL points at a cloud metadata service (169.254.169.254); enter the supplier's own address.",
      },
      { input: hygrade({ baseUrl: "http://[fe80::1]/v1" }), field: "baseUrl", message: /link-local/ },
      { input: hygrade({ accountId: "" }), field: "accountId", message: "Enter the Hygrade customer id (e.g. ACME001)." },
      { input: hygrade({ clientId: 42 }), field: "clientId", message: "Client id must be text" },
    ];
    for (const c of cases) {
      const refusal = await rejection(admin().connections.save(c.input as never));
      expect(refusal).toMatchObject({ code: "BAD_REQUEST", field: c.field });
      if (typeof c.message === "string") expect(refusal.message).toBe(c.message);
      else expect(refusal.message).toMatch(c.message);
    }
    expect(await admin().connections.list()).toEqual(before);
  });

  it("refuses to delete a connection orders refer to, saying how many, and deletes one nothing refers to", async () => {
    const item = (await buyer().catalog.search({ connectionId: acme.connectionId, q: "FM-0014-LT" })).items[0]!;
    await buyer().cart.add({ connectionId: acme.connectionId, itemId: item.supplierItemId, quantity: 2 });
    const options = await buyer().checkout.options();
    await buyer().checkout.submit({
      costCenterId: acme.costCenters[0]!.id,
      poNumber: "PO-CONN-1",
      shipTo: options.suppliers.map((s) => ({ connectionId: s.connectionId, addressId: s.defaultAddressId! })),
    });

    const refusal = await rejection(admin().connections.delete({ id: acme.connectionId }));
    expect(refusal.code).toBe("CONFLICT");
    expect(refusal.message).toMatch(/cannot be deleted: 1 supplier order \(1 requisition line\) refer to it\. Disable it instead/);
    expect((await admin().connections.list()).find((c) => c.id === acme.connectionId)).toMatchObject({ orderCount: 1 });

    const unused = await admin().connections.save(hygrade({ displayName: "Hygrade to delete" }));
    expect(await admin().connections.delete({ id: unused.id })).toEqual({ deleted: true, displayName: "Hygrade to delete" });
    expect((await admin().connections.list()).some((c) => c.id === unused.id)).toBe(false);
  });

  it("hides a disabled connection's catalog, stops its catalog syncs and status refreshes, keeps its orders, and shows it all again once enabled", async () => {
    await syncCatalog(h.db, acme.connectionId);
    // The order from the test before is placed with Hygrade, so a status refresh has something to ask about.
    await runDueOutboxWork(h.db);
    const [placed] = await h.db.select().from(supplierOrders).where(eq(supplierOrders.supplierConnectionId, acme.connectionId));
    expect(placed).toMatchObject({ state: "placed" });
    const mirrored = async () => (await buyer().catalog.searchAll({ q: "FM-0014-LT", supplierIds: [acme.connectionId] })).total.count;
    expect(await mirrored()).toBeGreaterThan(0);
    const requisitionsBefore = await buyer().requisitions.list({});

    await admin().connections.setEnabled({ id: acme.connectionId, enabled: false });
    expect(await mirrored()).toBe(0);
    expect((await buyer().catalog.suppliers()).some((s) => s.id === acme.connectionId)).toBe(false);
    expect((await rejection(buyer().catalog.search({ connectionId: acme.connectionId, q: "FM" }))).code).toBe("NOT_FOUND");
    expect((await connectionsDueForSync(h.db, 0)).some((d) => d.id === acme.connectionId)).toBe(false);
    await expect(syncCatalog(h.db, acme.connectionId)).rejects.toThrow(/is disabled; its catalog is not synced/);
    expect(await refreshOpenSupplierOrders(h.db, 0)).toBe(0);
    // Its history stays: the requisition and its order are there as they were.
    expect(await buyer().requisitions.list({})).toEqual(requisitionsBefore);
    expect((await admin().connections.list()).find((c) => c.id === acme.connectionId)).toMatchObject({ enabled: false, orderCount: 1 });

    await admin().connections.setEnabled({ id: acme.connectionId, enabled: true });
    expect(await mirrored()).toBeGreaterThan(0);
    expect(await refreshOpenSupplierOrders(h.db, 0)).toBe(1);
  });

  it("tests the company's Hypatos connection: token, then one page of the project's documents", async () => {
    const saved = await admin().connections.save({ kind: "hypatos", ...h.hypatosSettings });
    expect(saved).toMatchObject({ kind: "hypatos", projectId: h.hypatosSettings.projectId, credentialKind: "basic" });
    const result = await admin().connections.test({ id: saved.id });
    expect(result.steps.map((s) => [s.step, s.ok])).toEqual([
      ["sign_in", true],
      ["documents", true],
    ]);
    expect(result.steps[1]!.detail).toMatch(/^Project .+ holds \d+ documents?\.$/);
    const second = await rejection(admin().connections.save({ kind: "hypatos", ...h.hypatosSettings }));
    expect(second).toMatchObject({ code: "CONFLICT", field: "kind" });
  });

  it("signs in to OrderCloud as the buyer user (password grant) and says when that user's password is wrong", async () => {
    const oc = h.ordercloudSettings;
    const input = {
      kind: "ordercloud" as const,
      displayName: "OrderCloud seller",
      baseUrl: oc.baseUrl,
      tokenUrl: oc.tokenUrl,
      clientId: oc.clientId,
      clientSecret: "",
      accountId: oc.accountId,
      credentialKind: "password" as const,
      username: oc.grant.username,
      password: oc.grant.password,
    };
    const saved = await admin().connections.save(input);
    expect(saved).toMatchObject({ credentialKind: "password", username: oc.grant.username, password: { set: true }, clientSecret: { set: false } });
    expect((await admin().connections.test({ id: saved.id })).steps.map((s) => s.ok)).toEqual([true, true, true]);

    await admin().connections.save({ ...input, id: saved.id, password: "not-the-password" });
    const wrong = await admin().connections.test({ id: saved.id });
    expect(wrong.steps[0]).toMatchObject({ step: "sign_in", ok: false, field: "password" });
    expect(wrong.steps[0]!.detail).toMatch(/refused the user name or password .*: check the user name and password\./);

    const noUser = await rejection(admin().connections.save({ ...input, displayName: "OrderCloud, no user", username: "" }));
    expect(noUser).toMatchObject({ code: "BAD_REQUEST", field: "username" });
  });

  it("gives an Orderspace connection its order email and the webhook address to hand the seller", async () => {
    const os = h.orderspaceSettings;
    const saved = await admin().connections.save({
      kind: "orderspace",
      displayName: "Northfield (admin-added)",
      ...os,
      orderEmail: "orders@northfield.example",
      webhookSecret: "whsec-northfield-0001",
    });
    expect(saved).toMatchObject({ orderEmail: "orders@northfield.example", webhook: { secretSet: true } });
    expect(saved.webhook!.path).toMatch(/^\/api\/suppliers\/webhooks\/[\w-]{20,}$/);
    expect((await admin().connections.test({ id: saved.id })).ok).toBe(true);
    const badEmail = await rejection(admin().connections.save({ kind: "orderspace", displayName: "x", ...os, orderEmail: "not an email" }));
    expect(badEmail).toMatchObject({ code: "BAD_REQUEST", field: "orderEmail" });
  });

  it("treats another company's connection as not found, and lets only admins in", async () => {
    const foreign = other.callerFor("oli@other.example");
    const id = acme.connectionId;
    for (const call of [
      () => foreign.connections.test({ id }),
      () => foreign.connections.setEnabled({ id, enabled: false }),
      () => foreign.connections.delete({ id }),
      () => foreign.connections.save({ ...hygrade(), id }),
    ]) {
      expect(await rejection(call())).toMatchObject({ code: "NOT_FOUND", message: "That connection was not found" });
    }
    expect((await foreign.connections.list()).some((c) => c.id === id)).toBe(false);
    expect((await admin().connections.list()).find((c) => c.id === id)).toMatchObject({ enabled: true });
    expect((await rejection(buyer().connections.list())).code).toBe("FORBIDDEN");
  });
});
