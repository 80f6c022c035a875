import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { budgets, costCenters, costCenterSpend, requisitions, supplierOrders } from "@/db/schema";
import { periodContaining, periodKey, periodLabel } from "@/server/domain/budgets";
import { runDueOutboxWork } from "@/server/jobs/outbox";
import { createSupplierConnection } from "@/server/connections/connections";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";

const FM = "FM-0014-LT"; // $24.50 each at quantity 1-9 on ACME001
const ADDRESS = "addr_1c9d2f3b";
const password = "harness-password";
const thisMonth = () => periodKey(periodContaining("month", new Date()));
const thisQuarter = () => periodKey(periodContaining("quarter", new Date()));

describe.each(databaseKinds)("cost centers, budgets and spend on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let other: Awaited<ReturnType<Harness["createCompany"]>>;
  let itemId: string;
  let westId: string;

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany({
      users: [
        { email: "jane@spend.example", name: "Jane Buyer", password, roles: ["buyer"] },
        { email: "sam@spend.example", name: "Sam Approver", password, roles: ["approver"] },
        { email: "olga@spend.example", name: "Olga Owner", password, roles: ["approver", "buyer"] },
        { email: "alex@spend.example", name: "Alex Admin", password, roles: ["admin", "approver"] },
        { email: "max@spend.example", name: "Max Elsewhere", password, roles: ["buyer"] },
      ],
      costCenters: [
        { code: "CC-4420", name: "Facilities", ownerEmail: "olga@spend.example", chargeableBy: ["jane@spend.example", "olga@spend.example"] },
        { code: "CC-1100", name: "Marketing", chargeableBy: ["jane@spend.example", "max@spend.example"] },
      ],
    });
    other = await h.createCompany();
    const page = await acme.callerFor("jane@spend.example").catalog.search({ connectionId: acme.connectionId, q: FM });
    itemId = page.items.find((i) => i.itemCode === FM)!.supplierItemId;
    // A second account at Hygrade, so one requisition can split into two supplier orders.
    const west = await createSupplierConnection(h.db, { companyId: acme.companyId, supplier: "hygrade", displayName: "Hygrade West", settings: h.settings });
    westId = west.id;
  });
  afterAll(async () => h?.close());

  const jane = () => acme.callerFor("jane@spend.example");
  const admin = () => acme.callerFor("alex@spend.example");
  const sam = () => acme.callerFor("sam@spend.example");
  const olga = () => acme.callerFor("olga@spend.example");
  const cc = (code: string) => acme.costCenters.find((c) => c.code === code)!.id;
  const facilities = async () => (await jane().costCenters.chargeable()).find((c) => c.code === "CC-4420")!;
  const budgetCount = async () => (await h.db.select({ n: count() }).from(budgets).where(eq(budgets.companyId, acme.companyId)))[0]!.n;

  async function submit(quantity: number, costCenterCode = "CC-4420", connections = [acme.connectionId]) {
    for (const connectionId of connections) await jane().cart.add({ connectionId, itemId, quantity });
    return jane().checkout.submit({
      costCenterId: cc(costCenterCode),
      poNumber: "PO-SPEND",
      shipTo: connections.map((connectionId) => ({ connectionId, addressId: ADDRESS })),
    });
  }

  it("lets an admin set this month's budget, and the buyer sees what is left and what the cart would leave", async () => {
    const added = await admin().costCenters.addBudget({ costCenterId: cc("CC-4420"), period: thisMonth(), amount: "1,000.00" });
    expect(added.amount).toEqual({ amount: 100_000, currency: "USD" });
    await jane().cart.add({ connectionId: acme.connectionId, itemId, quantity: 2 });
    const options = await jane().checkout.options();
    const center = options.costCenters.find((c) => c.code === "CC-4420")!;
    expect(center.budget?.remaining).toEqual({ amount: 100_000, currency: "USD" });
    expect(center.budget?.periodLabel).toBe(periodLabel(periodContaining("month", new Date())));
    expect(center.leavesAfterCart).toEqual({ amount: 100_000 - 4900, currency: "USD" });
    // Only the cost centers Jane may charge are offered.
    expect(options.costCenters.map((c) => c.code)).toEqual(["CC-1100", "CC-4420"]);
    for (const group of (await jane().cart.get()).groups) for (const line of group.lines) await jane().cart.remove({ lineId: line.id });
  });

  it("reserves at submit, commits at the supplier's total when placed", async () => {
    const submitted = await submit(3); // $73.50: under the $500 threshold, approved at once
    expect(submitted).toMatchObject({ status: "approved", overBudget: false, budgetLeftAfter: { amount: 100_000 - 7350, currency: "USD" } });
    let position = (await facilities()).budget!;
    expect(position.reserved.amount).toBe(7350);
    expect(position.committed.amount).toBe(0);

    await runDueOutboxWork(h.db);
    const [order] = await h.db.select().from(supplierOrders).where(eq(supplierOrders.requisitionId, submitted.requisitionId));
    expect(order!.state).toBe("placed");
    position = (await facilities()).budget!;
    expect(position.reserved.amount).toBe(0);
    // What Hygrade will charge, tax and shipping included, is what the budget carries.
    expect(position.committed.amount).toBe(order!.supplierTotalMinor);
    expect(position.remaining.amount).toBe(100_000 - order!.supplierTotalMinor!);
  });

  it("releases on rejection and on withdrawal, leaving the budget where it was", async () => {
    const before = (await facilities()).budget!;
    const big = await submit(25); // over the $500 threshold: waits for approval
    expect(big.status).toBe("pending_approval");
    expect((await facilities()).budget!.reserved.amount).toBeGreaterThan(0);
    await sam().approvals.reject({ requisitionId: big.requisitionId, reason: "Use the framework contract" });
    expect((await facilities()).budget).toMatchObject({ reserved: before.reserved, committed: before.committed, remaining: before.remaining });

    const again = await submit(25);
    await jane().requisitions.withdraw({ requisitionId: again.requisitionId, reason: "ordered twice" });
    expect((await facilities()).budget).toMatchObject({ reserved: before.reserved, remaining: before.remaining });
    const [row] = await h.db.select().from(requisitions).where(eq(requisitions.id, again.requisitionId));
    expect(row!.status).toBe("withdrawn");
    // A withdrawn requisition can be neither withdrawn again nor approved.
    expect(await rejection(jane().requisitions.withdraw({ requisitionId: again.requisitionId }))).toMatchObject({ code: "CONFLICT" });
    expect(await rejection(sam().approvals.approve({ requisitionId: again.requisitionId }))).toMatchObject({ code: "CONFLICT" });
  });

  it("flags an order that takes the cost center past its budget and sends it for approval, saying why", async () => {
    const before = (await facilities()).budget!;
    // Lower the budget so that a small order no longer fits; the change is recorded with its reason.
    const { budgets: list } = await admin().costCenters.detail({ costCenterId: cc("CC-4420") });
    await admin().costCenters.changeBudget({ budgetId: list[0]!.id, amount: String((before.committed.amount + 1000) / 100), reason: "Q4 freeze" });
    const detail = await olga().costCenters.detail({ costCenterId: cc("CC-4420") });
    expect(detail.budgets[0]!.history[0]).toMatchObject({ action: "budget.changed", by: "Alex Admin", details: { from: "$1,000.00", reason: "Q4 freeze" } });

    const over = await submit(1); // $24.50, and Hygrade's tax and shipping as estimated from the earlier orders, against $10.00 left
    const expected = (await jane().requisitions.get({ requisitionId: over.requisitionId })).total.amount;
    expect(expected).toBeGreaterThan(2450);
    expect(over).toMatchObject({ status: "pending_approval", overBudget: true, budgetLeftAfter: { amount: 1000 - expected } });
    // The default policy sends an over-budget order to the cost center's owner, and says why.
    expect(over.approvalReason).toBe("Level 1: Olga Owner, because over budget on CC-4420 ($10.00 left)");
    expect((await sam().approvals.inbox()).items.some((r) => r.id === over.requisitionId)).toBe(false);
    const waiting = (await olga().approvals.inbox()).items.find((r) => r.id === over.requisitionId)!;
    expect(waiting).toMatchObject({ overBudget: true, budget: { leavesAfterThis: { amount: 1000 - expected, currency: "USD" } } });
    await olga().approvals.reject({ requisitionId: over.requisitionId, reason: "Over budget" });
  });

  it("releases only the cancelled supplier order's part of a two-supplier requisition", async () => {
    await admin().costCenters.addBudget({ costCenterId: cc("CC-1100"), period: thisQuarter(), amount: "20000" });
    const split = await submit(2, "CC-1100", [acme.connectionId, westId]);
    expect(split.status).toBe("approved");
    await runDueOutboxWork(h.db);
    const orders = await h.db.select().from(supplierOrders).where(eq(supplierOrders.requisitionId, split.requisitionId));
    expect(orders.map((o) => o.state)).toEqual(["placed", "placed"]);
    const marketing = async () => (await jane().costCenters.chargeable()).find((c) => c.code === "CC-1100")!.budget!;
    const both = orders.reduce((sum, o) => sum + o.supplierTotalMinor!, 0);
    expect((await marketing()).committed.amount).toBe(both);

    const west = orders.find((o) => o.supplierConnectionId === westId)!;
    const cancelled = await jane().requisitions.cancelSupplierOrder({ supplierOrderId: west.id, reason: "Bought locally" });
    expect(cancelled.supplierStatus).toBe("cancelled");
    const after = await marketing();
    expect(after.committed.amount).toBe(both - west.supplierTotalMinor!);
    expect(after.remaining.amount).toBe(2_000_000 - (both - west.supplierTotalMinor!));
    const detail = await jane().requisitions.get({ requisitionId: split.requisitionId });
    expect(detail.supplierOrders.map((o) => o.spend?.state).sort()).toEqual(["committed", "released"]);
    // Cancelling again is refused and releases nothing twice.
    expect(await rejection(jane().requisitions.cancelSupplierOrder({ supplierOrderId: west.id, reason: "again" }))).toMatchObject({ code: "CONFLICT" });
    expect((await marketing()).committed.amount).toBe(both - west.supplierTotalMinor!);
  });

  it("refuses bad budgets with the field named, saving nothing", async () => {
    const before = await budgetCount();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ amount: "-500" }, "amount", /cannot be negative/],
      [{ amount: "lots" }, "amount", /Enter an amount/],
      [{ amount: "12.345" }, "amount", /at most the currency's decimals/],
      [{ amount: "500", currency: "EUR" }, "currency", /keeps its budget in USD, not EUR/],
      [{ amount: "500", period: thisQuarter() }, "period", /already has a budget for .* which overlaps/],
      [{ amount: "500", period: "2026-13" }, "period", /Use 2026-11 for a month/],
    ];
    for (const [overrides, field, message] of cases) {
      const error = await rejection(admin().costCenters.addBudget({ costCenterId: cc("CC-4420"), period: "2031-01", amount: "1", ...overrides } as never));
      expect(error.code, JSON.stringify(overrides)).toBe("BAD_REQUEST");
      expect(error.field).toBe(field);
      expect(error.message).toMatch(message);
    }
    expect(await budgetCount()).toBe(before);
  });

  it("refuses a cost center code already in use, whatever its case", async () => {
    const error = await rejection(admin().costCenters.create({ code: "cc-4420", name: "Copy", currency: "USD" } as never));
    expect(error).toMatchObject({ code: "BAD_REQUEST", field: "code", message: "CC-4420 is already used by Facilities; choose another code." });
    const rows = await h.db.select().from(costCenters).where(eq(costCenters.companyId, acme.companyId));
    expect(rows).toHaveLength(2);
  });

  it("refuses to charge a cost center the buyer may not use, and changes nothing", async () => {
    const max = acme.callerFor("max@spend.example");
    await max.cart.add({ connectionId: acme.connectionId, itemId, quantity: 1 });
    const before = (await h.db.select({ n: count() }).from(requisitions).where(eq(requisitions.companyId, acme.companyId)))[0]!.n;
    const error = await rejection(
      max.checkout.submit({ costCenterId: cc("CC-4420"), poNumber: "PO-1", shipTo: [{ connectionId: acme.connectionId, addressId: ADDRESS }] }),
    );
    expect(error).toMatchObject({ code: "BAD_REQUEST", field: "costCenterId" });
    expect(error.message).toMatch(/^You may not charge CC-4420 \(Facilities\)/);
    expect((await h.db.select({ n: count() }).from(requisitions).where(eq(requisitions.companyId, acme.companyId)))[0]!.n).toBe(before);
    expect((await max.cart.get()).lineCount).toBe(1);
    // Nor can it be made their default.
    const maxId = acme.users.find((u) => u.email === "max@spend.example")!.id;
    expect(await rejection(admin().costCenters.setDefault({ userId: maxId, costCenterId: cc("CC-4420") }))).toMatchObject({ field: "costCenterId" });
  });

  it("keeps budgets, spend and reports to admins and owners of this company", async () => {
    expect(await rejection(jane().costCenters.addBudget({ costCenterId: cc("CC-4420"), period: "2031", amount: "1" }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await rejection(jane().spend.report({ from: "2026-01-01", to: "2026-12-31" }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await rejection(sam().costCenters.detail({ costCenterId: cc("CC-1100") }))).toMatchObject({ code: "FORBIDDEN" });
    // Olga owns CC-4420 only: she sees it and nothing else.
    const today = new Date().toISOString().slice(0, 10);
    const hers = await olga().spend.report({ from: `${today.slice(0, 4)}-01-01`, to: today });
    expect(hers.costCenters.map((c) => c.code)).toEqual(["CC-4420"]);
    expect(await rejection(olga().spend.report({ from: `${today.slice(0, 4)}-01-01`, to: today, costCenterId: cc("CC-1100") }))).toMatchObject({
      code: "FORBIDDEN",
    });
    // Another company's admin cannot see or touch Acme's cost centers.
    const outsider = other.callerFor("lead2@harness.example");
    expect(await rejection(outsider.costCenters.detail({ costCenterId: cc("CC-4420") }))).toMatchObject({ code: expect.stringMatching(/NOT_FOUND|FORBIDDEN/) });
  });

  it("reports spend by cost center, supplier and month, and exports the table as CSV", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const report = await admin().spend.report({ from: `${today.slice(0, 4)}-01-01`, to: today });
    const committed = await h.db
      .select({ costCenterId: costCenterSpend.costCenterId, amount: costCenterSpend.amountMinor })
      .from(costCenterSpend)
      .where(and(eq(costCenterSpend.companyId, acme.companyId), eq(costCenterSpend.state, "committed")));
    const committedOn = (id: string) => committed.filter((c) => c.costCenterId === id).reduce((s, c) => s + c.amount, 0);
    const facilitiesRow = report.byCostCenter.find((r) => r.label === "CC-4420")!;
    expect(facilitiesRow.committed.amount).toBe(committedOn(cc("CC-4420")));
    expect(facilitiesRow.reserved.amount).toBe(0);
    // Hygrade West's only order was cancelled: released money is nobody's spend.
    expect(report.bySupplier.map((r) => r.label)).toEqual(["Hygrade"]);
    const allCommitted = committedOn(cc("CC-4420")) + committedOn(cc("CC-1100"));
    expect(report.byMonth.reduce((s, r) => s + r.committed.amount, 0)).toBe(allCommitted);
    expect(report.bySupplier.reduce((s, r) => s + r.committed.amount, 0)).toBe(allCommitted);

    // A name with a comma and quotes must survive the export.
    await admin().costCenters.update({
      id: cc("CC-1100"),
      code: "CC-1100",
      name: 'Marketing, "Brand"',
      currency: "USD",
      memberIds: acme.users.map((u) => u.id),
    } as never);
    const { csv, filename } = await admin().spend.csv({ from: `${today.slice(0, 4)}-01-01`, to: today, groupBy: "costCenter" });
    expect(filename).toBe(`spend-by-cost-center-${today.slice(0, 4)}-01-01-to-${today}.csv`);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("Cost center,Name,Currency,Reserved,Committed,Total,Budget,Remaining");
    const marketing = report.byCostCenter.find((r) => r.label === "CC-1100")!;
    const major = (minor: number) => (minor / 100).toFixed(2);
    expect(lines).toContain(
      `CC-1100,"Marketing, ""Brand""",USD,0.00,${major(marketing.committed.amount)},${major(marketing.committed.amount)},20000.00,${major(2_000_000 - marketing.committed.amount)}`,
    );
  });

  it("refuses a report range that runs backwards or names a date that does not exist", async () => {
    expect(await rejection(admin().spend.report({ from: "2026-12-01", to: "2026-11-01" }))).toMatchObject({ code: "BAD_REQUEST", field: "to" });
    expect(await rejection(admin().spend.report({ from: "2026-02-30", to: "2026-03-01" }))).toMatchObject({ code: "BAD_REQUEST", field: "from" });
  });
});

describe.each(databaseKinds)("fifty checkouts at once on one cost center (%s)", (kind) => {
  let h: Harness;
  afterAll(async () => h?.close());

  it("marks exactly the ones past the budget as over budget and sends them for approval", async () => {
    h = await startHarness(kind);
    const buyers = Array.from({ length: 50 }, (_, i) => ({ email: `b${i}@rush.example`, name: `Buyer ${i}`, password, roles: ["buyer" as const] }));
    const rush = await h.createCompany({
      users: [...buyers, { email: "admin@rush.example", name: "Admin", password, roles: ["admin", "approver"] }],
      costCenters: [{ code: "CC-9000", name: "Shared" }],
    });
    const centerId = rush.costCenters[0]!.id;
    const unit = 2450;
    await rush.callerFor("admin@rush.example").costCenters.addBudget({ costCenterId: centerId, period: thisMonth(), amount: String((20 * unit) / 100) });
    const first = rush.callerFor(buyers[0]!.email);
    const itemId = (await first.catalog.search({ connectionId: rush.connectionId, q: FM })).items.find((i) => i.itemCode === FM)!.supplierItemId;
    for (const b of buyers) await rush.callerFor(b.email).cart.add({ connectionId: rush.connectionId, itemId, quantity: 1 });

    const results = await Promise.all(
      buyers.map((b) =>
        rush
          .callerFor(b.email)
          .checkout.submit({ costCenterId: centerId, poNumber: "PO-RUSH", shipTo: [{ connectionId: rush.connectionId, addressId: ADDRESS }] }),
      ),
    );

    const within = results.filter((r) => !r.overBudget);
    const over = results.filter((r) => r.overBudget);
    expect(within).toHaveLength(20);
    expect(over).toHaveLength(30);
    expect(within.every((r) => r.status === "approved")).toBe(true);
    // CC-9000 has no owner: the over-budget step goes to the admin.
    expect(
      over.every(
        (r) =>
          r.status === "pending_approval" && r.approvalReason.startsWith("Level 1: Admin (admins, as nobody else can approve), because over budget on CC-9000"),
      ),
    ).toBe(true);
    // Each checkout saw every reservation made before it: the amounts left form one unbroken countdown, none seen twice.
    const left = results.map((r) => r.budgetLeftAfter!.amount).sort((a, b) => b - a);
    expect(left).toEqual(Array.from({ length: 50 }, (_, i) => 20 * unit - (i + 1) * unit));
    const [position] = await h.db
      .select({ n: count() })
      .from(costCenterSpend)
      .where(and(eq(costCenterSpend.costCenterId, centerId), eq(costCenterSpend.state, "reserved")));
    expect(position!.n).toBe(50);
  });
});
