import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import { databaseKinds, startHarness, type Harness } from "@/server/testing/harness";

const FM = "FM-0014-LT"; // $24.50 each below 10
const ADDRESS = "addr_1c9d2f3b";
const password = "harness-password";

describe.each(databaseKinds)("separation of duties for the approval policy on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let itemId: string;
  const as = (email: string) => acme.callerFor(email);

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany({
      users: [
        { email: "ada@duties.example", name: "Ada Admin", password, roles: ["admin", "buyer", "approver"] },
        { email: "ben@duties.example", name: "Ben Admin", password, roles: ["admin", "approver"] },
        { email: "cy@duties.example", name: "Cy Buyer", password, roles: ["buyer"] },
      ],
      costCenters: [{ code: "CC-100", name: "Office" }],
      policy: [],
    });
    const page = await as("cy@duties.example").catalog.search({ connectionId: acme.connectionId, q: FM });
    itemId = page.items.find((i) => i.itemCode === FM)!.supplierItemId;
  });
  afterAll(async () => h?.close());

  async function submitAs(email: string) {
    await as(email).cart.add({ connectionId: acme.connectionId, itemId, quantity: 5 });
    return as(email).checkout.submit({
      costCenterId: acme.costCenters[0]!.id,
      poNumber: "PO-DUTIES",
      shipTo: [{ connectionId: acme.connectionId, addressId: ADDRESS }],
    });
  }

  it("an admin who empties the policy still needs someone else's approval for their own large order; everyone else's order goes through", async () => {
    const overHundred = {
      id: "over-100",
      conditions: [{ kind: "total_above" as const, amount: "100" }],
      step: { level: 1, approvers: [{ kind: "role" as const, role: "approver" as const }], mode: "any" as const },
    };
    const bens = await as("ben@duties.example").policy.save({ rules: [overHundred], note: "Over $100 needs an approver" });
    const emptied = await as("ada@duties.example").policy.save({ rules: [], note: "No approvals", basedOnVersion: bens.version });
    // Ada is told at once that her own orders keep Ben's version.
    expect(emptied.ownRequisitionsAlsoUnder).toBe(bens.version);

    // The checkout preview already says so.
    await as("ada@duties.example").cart.add({ connectionId: acme.connectionId, itemId, quantity: 5 });
    const preview = (await as("ada@duties.example").checkout.options()).costCenters[0]!.approval;
    expect(preview).toMatchObject({ needsApproval: true, steps: [{ level: 1, approverNames: ["Ben Admin"] }] });
    for (const g of (await as("ada@duties.example").cart.get()).groups) for (const l of g.lines) await as("ada@duties.example").cart.remove({ lineId: l.id });

    const adas = await submitAs("ada@duties.example");
    expect(adas.status).toBe("pending_approval");
    const waiting = (await as("ben@duties.example").approvals.inbox()).items.find((r) => r.id === adas.requisitionId);
    expect(waiting?.step?.reasons).toContainEqual(`policy version ${bens.version} still applies, as the requester saved version ${emptied.version} themselves`);
    const [submitted] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, adas.requisitionId), eq(auditLog.action, "requisition.submitted")));
    expect(submitted!.details).toMatchObject({ policyVersion: emptied.version, alsoUnderPolicyVersion: bens.version });

    // Cy saved nothing: the emptied policy is simply the policy for him.
    const cys = await submitAs("cy@duties.example");
    expect(cys.status).toBe("approved");

    // Once Ben saves a version, it is the one for Ada too, with nothing added.
    const bensAgain = await as("ben@duties.example").policy.save({ rules: [], note: "Agreed: no approvals", basedOnVersion: emptied.version });
    expect(bensAgain.ownRequisitionsAlsoUnder).toBeNull();
    expect((await submitAs("ada@duties.example")).status).toBe("approved");
  });
});
