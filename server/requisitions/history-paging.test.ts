import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approvalStepApprovers, approvalSteps, requisitions, supplierOrders } from "@/db/schema";
import type { RequisitionStatus } from "@/common/requisitions";
import { createSupplierConnection } from "@/server/connections/connections";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";

const SHIP_TO = {
  supplierAddressId: "addr_1c9d2f3b",
  label: "Dock",
  attention: null,
  street1: "1 Main St",
  street2: null,
  city: "Cincinnati",
  region: "OH",
  postalCode: "45202",
  country: "US",
};

/**
 * A long history, written as the checkout leaves it, so paging is tried on more rows than a page: several submitted
 * in the same microsecond (ties broken by id), others a microsecond apart (finer than a JS Date).
 */
async function seedHistory(
  h: Harness,
  company: { companyId: string; costCenters: { id: string }[] },
  requesterId: string,
  count: number,
  options: { approverId?: string; connectionIds: string[]; firstNumber: number },
) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const status: RequisitionStatus = options.approverId && i % 2 === 0 ? "pending_approval" : i % 3 === 0 ? "received" : "ordered";
    // Every fourth shares its second with the one before, to the microsecond; the rest are a microsecond or a day apart.
    const day = String(1 + Math.floor(i / 4)).padStart(2, "0");
    const micro = i % 4 === 1 ? "000000" : String(i).padStart(6, "0");
    const submittedAt = `2026-03-${day}T10:00:00.${micro}Z`;
    const [row] = await h.db
      .insert(requisitions)
      .values({
        companyId: company.companyId,
        number: options.firstNumber + i,
        requesterId,
        status,
        costCenterId: company.costCenters[Math.floor(i / 2) % company.costCenters.length]!.id,
        poNumber: `PO-${i}`,
        totalMinor: 10_000 + (i % 5) * 1_000, // totals repeat, so the largest-first order has ties too
        currency: "USD",
        approvalReason: "test history",
        submittedAt: new Date(submittedAt),
      })
      .returning({ id: requisitions.id });
    // The microseconds a Date cannot carry.
    await h.db.execute(sql`update requisitions set submitted_at = ${submittedAt}::timestamptz where id = ${row!.id}`);
    await h.db.insert(supplierOrders).values({
      companyId: company.companyId,
      requisitionId: row!.id,
      supplierConnectionId: options.connectionIds[i % options.connectionIds.length]!,
      state: status === "pending_approval" ? "awaiting_approval" : "placed",
      shipTo: SHIP_TO,
      subtotalMinor: 10_000,
      currency: "USD",
    });
    if (status === "pending_approval" && options.approverId) {
      const [step] = await h.db
        .insert(approvalSteps)
        .values({
          companyId: company.companyId,
          requisitionId: row!.id,
          revision: 1,
          position: 0,
          level: 1,
          ruleId: "threshold",
          mode: "any",
          reasons: ["the total is over the threshold"],
          state: "pending",
          activatedAt: new Date(submittedAt),
        })
        .returning({ id: approvalSteps.id });
      await h.db.insert(approvalStepApprovers).values({ companyId: company.companyId, stepId: step!.id, userId: options.approverId, source: "policy" });
    }
    ids.push(row!.id);
  }
  return ids;
}

describe.each(databaseKinds)("keyset paging of the order history and the inbox on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let other: Awaited<ReturnType<Harness["createCompany"]>>;
  let secondSupplier: string;
  let mine: string[];
  let colleagues: string[];
  let theirs: string[];

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany();
    other = await h.createCompany();
    secondSupplier = (
      await createSupplierConnection(h.db, { companyId: acme.companyId, supplier: "hygrade", displayName: "Hygrade West", settings: h.settings })
    ).id;
    const userId = (c: typeof acme, prefix: string) => c.users.find((u) => u.email.startsWith(prefix))!.id;
    mine = await seedHistory(h, acme, userId(acme, "buyer"), 23, {
      approverId: userId(acme, "approver"),
      connectionIds: [acme.connectionId, secondSupplier],
      firstNumber: 5001,
    });
    colleagues = await seedHistory(h, acme, userId(acme, "lead"), 6, { connectionIds: [acme.connectionId], firstNumber: 6001 });
    theirs = await seedHistory(h, other, userId(other, "buyer"), 9, {
      approverId: userId(other, "approver"),
      connectionIds: [other.connectionId],
      firstNumber: 5001,
    });
  });
  afterAll(async () => h?.close());

  const buyer = () => acme.callerFor("buyer1@harness.example");
  const approver = () => acme.callerFor("approver1@harness.example");

  type ListInput = Parameters<ReturnType<typeof buyer>["requisitions"]["list"]>[0];
  async function everyPage(input: ListInput, as = buyer()) {
    const seen: { id: string; submittedAt: Date }[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const page = await as.requisitions.list({ ...input, cursor });
      seen.push(...page.items);
      if (!page.nextCursor) return { seen, pages: pages + 1 };
      cursor = page.nextCursor;
    }
    throw new Error("paging never ended");
  }

  it("shows each of a person's requisitions exactly once across pages, newest first, ties and microseconds included", async () => {
    const { seen, pages } = await everyPage({ limit: 4 });
    expect(pages).toBe(6);
    expect(seen.map((r) => r.id).sort()).toEqual([...mine].sort());
    expect(new Set(seen.map((r) => r.id)).size).toBe(seen.length);
    for (let i = 1; i < seen.length; i++) expect(+seen[i - 1]!.submittedAt).toBeGreaterThanOrEqual(+seen[i]!.submittedAt);
  });

  it("keeps the filters on every page and never shows another company's requisitions", async () => {
    const expected = (await buyer().requisitions.list({ limit: 100, status: "ordered", supplierId: secondSupplier, from: "2026-03-02", to: "2026-03-05" }))
      .items;
    expect(expected.length).toBeGreaterThan(1);
    const { seen } = await everyPage({ limit: 1, status: "ordered", supplierId: secondSupplier, from: "2026-03-02", to: "2026-03-05" });
    expect(seen.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    for (const r of seen) expect(r).toMatchObject({ status: "ordered" });

    const lead = acme.callerFor("lead1@harness.example");
    const company = await everyPage({ scope: "company", limit: 7 }, lead);
    expect(company.seen.map((r) => r.id).sort()).toEqual([...mine, ...colleagues].sort());
    expect(company.seen.some((r) => theirs.includes(r.id))).toBe(false);
  });

  it("refuses a page link it did not hand out, and another company's cursor shows none of that company's rows", async () => {
    expect(await rejection(buyer().requisitions.list({ cursor: "made-up" }))).toMatchObject({ code: "BAD_REQUEST", field: "cursor" });
    const theirPage = await other.callerFor("buyer2@harness.example").requisitions.list({ limit: 2 });
    const { items } = await buyer().requisitions.list({ cursor: theirPage.nextCursor!, limit: 100 });
    expect(items.some((r) => theirs.includes(r.id))).toBe(false);
  });

  it("pages the approver's inbox in every sort: each waiting requisition once, with the counts of all of them", async () => {
    const waiting = mine.filter((_, i) => i % 2 === 0);
    for (const sort of ["oldest", "newest", "largest", "smallest"] as const) {
      const seen: { id: string; submittedAt: Date; total: { amount: number } }[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 20; pages++) {
        const page = await approver().approvals.inbox({ sort, limit: 5, cursor });
        expect(page.waiting).toBe(waiting.length);
        seen.push(...page.items);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(seen.map((r) => r.id).sort()).toEqual([...waiting].sort());
      const key = (r: (typeof seen)[number]) => (sort === "oldest" || sort === "newest" ? +r.submittedAt : r.total.amount);
      const rising = sort === "oldest" || sort === "smallest";
      for (let i = 1; i < seen.length; i++) {
        if (rising) expect(key(seen[i]!)).toBeGreaterThanOrEqual(key(seen[i - 1]!));
        else expect(key(seen[i]!)).toBeLessThanOrEqual(key(seen[i - 1]!));
      }
    }
  });

  it("keeps the inbox's filters across its pages and says how many match", async () => {
    const center = acme.costCenters[0]!.id;
    const first = await approver().approvals.inbox({ sort: "oldest", limit: 2, costCenterId: center });
    const all = [...first.items];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await approver().approvals.inbox({ sort: "oldest", limit: 2, costCenterId: center, cursor });
      all.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(all.length).toBe(first.matching);
    expect(first.matching).toBeLessThan(first.waiting);
    expect(all.every((r) => r.costCenterId === center)).toBe(true);
    expect(first.costCenters.map((c) => c.id).sort()).toEqual(acme.costCenters.map((c) => c.id).sort());
    expect(await rejection(approver().approvals.inbox({ sort: "largest", cursor: first.nextCursor ?? "x" }))).toMatchObject({ code: "BAD_REQUEST" });
  });
});
