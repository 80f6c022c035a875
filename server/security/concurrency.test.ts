/**
 * Concurrency (issue 18): requests that truly run at once, on PostgreSQL (PGlite has one connection, so it takes
 * turns and can never show a race). Each call is released by one barrier over the harness's pool of ten connections,
 * and every case runs several rounds so an interleaving that slips through once shows up.
 */
import { and, count, eq, inArray } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { costCenterSpend, requisitions, supplierOrders } from "@/db/schema";
import { periodContaining, periodKey } from "@/server/domain/budgets";
import { runDueOutboxWork } from "@/server/jobs/outbox";
import { startHarness, type Harness } from "@/server/testing/harness";

const FM = "FM-0014-LT"; // $24.50 each at quantity 1-9 on ACME001
const ADDRESS = "addr_1c9d2f3b";
const password = "harness-password";
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

if (!onPostgres) console.info("Concurrency suite skipped: set TEST_DATABASE_URL to a PostgreSQL server to run it.");

/** Every call waits at one gate, opened once all are started: they reach the database together. */
async function atOnce<T>(calls: (() => Promise<T>)[]): Promise<PromiseSettledResult<T>[]> {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const settled = Promise.allSettled(calls.map(async (call) => gate.then(call)));
  open();
  return settled;
}

/** The harness numbers its companies' people (buyer2@…): find them by what they are. */
const emailOf = (company: { users: { email: string }[] }, who: "buyer" | "approver" | "lead") => company.users.find((u) => u.email.startsWith(who))!.email;

const refusals = (results: PromiseSettledResult<unknown>[]) =>
  results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as TRPCError);

describe.skipIf(!onPostgres)("concurrency on postgres (skipped without TEST_DATABASE_URL)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness("postgres");
  });
  afterAll(async () => h?.close());

  it("two approvers deciding one step at once: one decision, one advance, one supplier order", async () => {
    const acme = await h.createCompany();
    const buyer = acme.callerFor(emailOf(acme, "buyer"));
    const approvers = [acme.callerFor(emailOf(acme, "approver")), acme.callerFor(emailOf(acme, "lead"))];
    // Signed in before the race, so the race is over the decision and nothing else.
    await Promise.all(approvers.map((a) => a.approvals.count()));
    const itemId = (await buyer.catalog.search({ connectionId: acme.connectionId, q: FM })).items.find((i) => i.itemCode === FM)!.supplierItemId;
    const costCenterId = acme.costCenters.find((c) => c.code === "CC-4420")!.id;
    const rounds = 6;
    const outcomes: Record<string, number> = {};
    for (let round = 0; round < rounds; round++) {
      await buyer.cart.add({ connectionId: acme.connectionId, itemId, quantity: 30 });
      const submitted = await buyer.checkout.submit({
        costCenterId,
        poNumber: `PO-RACE-${round}`,
        shipTo: [{ connectionId: acme.connectionId, addressId: ADDRESS }],
      });
      expect(submitted.status).toBe("pending_approval");
      const requisitionId = submitted.requisitionId;
      // Odd rounds: one approves while the other declines.
      const decline = round % 2 === 1;
      const results = await atOnce([
        () => approvers[0]!.approvals.approve({ requisitionId }),
        () => (decline ? approvers[1]!.approvals.reject({ requisitionId, reason: "Not this month" }) : approvers[1]!.approvals.approve({ requisitionId })),
      ]);
      const won = results.filter((r) => r.status === "fulfilled");
      expect(won).toHaveLength(1);
      const [refused] = refusals(results);
      expect(refused).toMatchObject({
        code: "CONFLICT",
        message: expect.stringMatching(/already (approved|rejected|decided at this step) by (Approver|Lead) \d/),
      });
      const winner = (won[0] as PromiseFulfilledResult<{ outcome: string }>).value.outcome;
      outcomes[`${decline ? "approve vs decline" : "approve vs approve"}: ${winner}`] =
        (outcomes[`${decline ? "approve vs decline" : "approve vs approve"}: ${winner}`] ?? 0) + 1;

      await runDueOutboxWork(h.db);
      const detail = await buyer.requisitions.get({ requisitionId });
      const history = detail.history.map((x) => x.action);
      const once = (action: string) => history.filter((a) => a === action).length;
      expect(once("approval.step_approved") + once("approval.step_rejected") + once("requisition.rejected")).toBeGreaterThanOrEqual(1);
      if (winner === "approved") {
        expect(detail.status).toBe("ordered");
        expect(once("requisition.approved")).toBe(1);
        expect(once("supplier_order.placed")).toBe(1);
        expect(detail.supplierOrders.filter((o) => o.state === "placed")).toHaveLength(1);
      } else {
        expect(detail.status).toBe("rejected");
        expect(once("requisition.approved")).toBe(0);
        expect(once("supplier_order.placed")).toBe(0);
      }
      expect(once("approval.step_approved")).toBeLessThanOrEqual(1);
    }
    console.info(`approvers: ${rounds} rounds, 2 decisions each, outcomes ${JSON.stringify(outcomes)}, one refused as already decided every round`);
  });

  it("one cart checked out twice at once (two tabs): one requisition, a clear answer, the cart not lost", async () => {
    const acme = await h.createCompany();
    const buyer = acme.callerFor(emailOf(acme, "buyer"));
    const tabs = [buyer, acme.callerFor(emailOf(acme, "buyer"))];
    await Promise.all(tabs.map((t) => t.cart.get()));
    const itemId = (await buyer.catalog.search({ connectionId: acme.connectionId, q: FM })).items.find((i) => i.itemCode === FM)!.supplierItemId;
    const costCenterId = acme.costCenters.find((c) => c.code === "CC-4420")!.id;
    const rounds = 6;
    const answers: Record<string, number> = {};
    for (let round = 0; round < rounds; round++) {
      await buyer.cart.add({ connectionId: acme.connectionId, itemId, quantity: 2 });
      const before = (await h.db.select({ n: count() }).from(requisitions).where(eq(requisitions.companyId, acme.companyId)))[0]!.n;
      const results = await atOnce(
        tabs.map(
          (tab) => () => tab.checkout.submit({ costCenterId, poNumber: `PO-TABS-${round}`, shipTo: [{ connectionId: acme.connectionId, addressId: ADDRESS }] }),
        ),
      );
      const after = (await h.db.select({ n: count() }).from(requisitions).where(eq(requisitions.companyId, acme.companyId)))[0]!.n;
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(after - before).toBe(1);
      const [refused] = refusals(results);
      expect(refused).toMatchObject({
        code: expect.stringMatching(/CONFLICT|PRECONDITION_FAILED/),
        message: expect.stringMatching(/^(Your cart was already checked out in another tab or window|Your cart is empty)/),
      });
      answers[refused!.message] = (answers[refused!.message] ?? 0) + 1;
      // The cart went into the one requisition: its lines are there, not lost between the tabs.
      const won = (results.find((r) => r.status === "fulfilled") as PromiseFulfilledResult<{ requisitionId: string }>).value;
      const detail = await buyer.requisitions.get({ requisitionId: won.requisitionId });
      expect(detail.supplierOrders.flatMap((o) => o.lines).map((l) => [l.itemCode, l.quantity])).toEqual([[FM, 2]]);
      expect((await buyer.cart.get()).lineCount).toBe(0);
    }
    console.info(`two tabs: ${rounds} rounds, 2 checkouts each, 1 requisition each round, the other told ${JSON.stringify(answers)}`);
  });

  it("fifty checkouts against one budget with room for twenty: exactly twenty within, the ledger never past the budget", async () => {
    const rounds = 3;
    const room = 20;
    const people = 50;
    const unit = 2450;
    const tallies: string[] = [];
    for (let round = 0; round < rounds; round++) {
      const buyers = Array.from({ length: people }, (_, i) => ({
        email: `b${i}@rush${round}.example`,
        name: `Buyer ${i}`,
        password,
        roles: ["buyer" as const],
      }));
      const rush = await h.createCompany({
        users: [...buyers, { email: `admin@rush${round}.example`, name: "Admin", password, roles: ["admin", "approver"] }],
        costCenters: [{ code: "CC-9000", name: "Shared" }],
      });
      const centerId = rush.costCenters[0]!.id;
      await rush
        .callerFor(`admin@rush${round}.example`)
        .costCenters.addBudget({ costCenterId: centerId, period: periodKey(periodContaining("month", new Date())), amount: String((room * unit) / 100) });
      const callers = buyers.map((b) => rush.callerFor(b.email));
      const itemId = (await callers[0]!.catalog.search({ connectionId: rush.connectionId, q: FM })).items.find((i) => i.itemCode === FM)!.supplierItemId;
      for (const c of callers) await c.cart.add({ connectionId: rush.connectionId, itemId, quantity: 1 });

      const results = await atOnce(
        callers.map(
          (c) => () => c.checkout.submit({ costCenterId: centerId, poNumber: "PO-RUSH", shipTo: [{ connectionId: rush.connectionId, addressId: ADDRESS }] }),
        ),
      );
      expect(refusals(results)).toEqual([]);
      const answers = results.map((r) => (r as PromiseFulfilledResult<{ requisitionId: string; status: string; overBudget: boolean }>).value);
      const within = answers.filter((a) => !a.overBudget);
      const over = answers.filter((a) => a.overBudget);
      expect(within).toHaveLength(room);
      expect(within.every((a) => a.status === "approved")).toBe(true);
      // Past the budget is not refused: the budget rule sends it to an approver.
      expect(over.every((a) => a.status === "pending_approval")).toBe(true);

      // What went through without an approver adds up to no more than the budget.
      const entries = await h.db
        .select({ amount: costCenterSpend.amountMinor, requisitionId: costCenterSpend.requisitionId })
        .from(costCenterSpend)
        .where(and(eq(costCenterSpend.costCenterId, centerId), inArray(costCenterSpend.state, ["reserved", "committed"])));
      const withinIds = new Set(within.map((a) => a.requisitionId));
      const spentWithin = entries.filter((e) => withinIds.has(e.requisitionId)).reduce((s, e) => s + Number(e.amount), 0);
      expect(entries).toHaveLength(people);
      expect(spentWithin).toBeLessThanOrEqual(room * unit);
      const orders = await h.db.select({ n: count() }).from(supplierOrders).where(eq(supplierOrders.companyId, rush.companyId));
      expect(orders[0]!.n).toBe(people);
      tallies.push(`${within.length} within / ${over.length} to approval`);
    }
    console.info(`one budget: ${rounds} rounds, ${people} checkouts each, room for ${room}: ${tallies.join(", ")}; ledger within the budget every round`);
  });
});
