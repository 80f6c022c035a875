import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";

const FM = "FM-0014-LT";
const password = "harness-password";

describe.each(databaseKinds)("a person's profile on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let other: Awaited<ReturnType<Harness["createCompany"]>>;

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany({
      users: [
        { email: "bea@profile.example", name: "Bea Buyer", password, roles: ["buyer"] },
        { email: "ada@profile.example", name: "Ada Admin", password, roles: ["admin"] },
      ],
    });
    other = await h.createCompany();
  });
  afterAll(async () => h?.close());

  const bea = () => acme.callerFor("bea@profile.example");

  it("shows the supplier's addresses and starts checkout from the address the person chose", async () => {
    const profile = await bea().me.profile();
    expect(profile).toMatchObject({ name: "Bea Buyer", email: "bea@profile.example", roles: ["buyer"], signsInWithPassword: true });
    const hygrade = profile.suppliers.find((s) => s.connectionId === acme.connectionId)!;
    expect(hygrade.addresses.length).toBeGreaterThan(1);
    const supplierDefault = hygrade.preselected!;
    const mine = hygrade.addresses.find((a) => a.id !== supplierDefault)!;

    await bea().me.saveProfile({
      name: "  Bea   Buyer-Jones ",
      defaultCostCenterId: acme.costCenters[0]!.id,
      shipTo: [{ connectionId: acme.connectionId, addressId: mine.id }],
    });
    const page = await bea().catalog.search({ connectionId: acme.connectionId, q: FM });
    await bea().cart.add({ connectionId: acme.connectionId, itemId: page.items.find((i) => i.itemCode === FM)!.supplierItemId, quantity: 1 });
    const options = await bea().checkout.options();
    expect(options.suppliers.find((s) => s.connectionId === acme.connectionId)!.defaultAddressId).toBe(mine.id);
    expect(options.defaultCostCenterId).toBe(acme.costCenters[0]!.id);
    expect((await bea().me.get()).name).toBe("Bea Buyer-Jones");

    const [entry] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.companyId, acme.companyId), eq(auditLog.action, "user.profile_saved")));
    expect(entry!.details).toMatchObject({ name: { from: "Bea Buyer", to: "Bea Buyer-Jones" } });

    // Cleared, checkout goes back to the supplier's own default.
    await bea().me.saveProfile({ name: "Bea Buyer-Jones", defaultCostCenterId: null, shipTo: [{ connectionId: acme.connectionId, addressId: null }] });
    const after = await bea().checkout.options();
    expect(after.suppliers.find((s) => s.connectionId === acme.connectionId)!.defaultAddressId).toBe(supplierDefault);
    expect(after.defaultCostCenterId).toBeNull();
  });

  it("refuses an address the supplier does not list, another company's supplier or cost center, and an empty name, changing nothing", async () => {
    const before = await bea().me.profile();
    const base = { name: "Bea Buyer-Jones", defaultCostCenterId: null, shipTo: [] };
    expect(await rejection(bea().me.saveProfile({ ...base, shipTo: [{ connectionId: acme.connectionId, addressId: "addr_nowhere" }] }))).toMatchObject({
      field: "shipTo.0.addressId",
      message: expect.stringContaining("addresses"),
    });
    expect(await rejection(bea().me.saveProfile({ ...base, shipTo: [{ connectionId: other.connectionId, addressId: "addr_1c9d2f3b" }] }))).toMatchObject({
      field: "shipTo.0.connectionId",
    });
    expect(await rejection(bea().me.saveProfile({ ...base, name: "Someone Else", defaultCostCenterId: other.costCenters[0]!.id }))).toMatchObject({
      field: "defaultCostCenterId",
    });
    expect(await rejection(bea().me.saveProfile({ ...base, name: "   " }))).toMatchObject({ field: "name" });
    expect(await bea().me.profile()).toEqual(before);
  });
});
