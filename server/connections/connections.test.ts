/** A connection says which kind of credentials it holds, and is never tried with a kind its supplier does not take. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { supplierConnections } from "@/db/schema";
import { supplierFailure } from "@/server/suppliers/testing";
import { startHarness, type Harness } from "@/server/testing/harness";
import { connectorForRow, loadSupplierConnection } from "./connections";

describe("connection credentials", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it("stores the credential kind each supplier takes and refuses to build a connector for another kind", async () => {
    const company = await h.createCompany({ withOrderspace: {} });
    const { connection, connector } = await loadSupplierConnection(h.db, company.companyId, company.orderspaceConnectionId!);
    expect(connection.credentialKind).toBe("client_credentials");
    expect((await connector.getAccount()).name).toBe("Acme Corporation");

    await h.db.update(supplierConnections).set({ credentialKind: "basic" }).where(eq(supplierConnections.id, connection.id));
    const [changed] = await h.db.select().from(supplierConnections).where(eq(supplierConnections.id, connection.id));
    const refusal = await supplierFailure(Promise.resolve().then(() => connectorForRow(changed!)));
    expect(refusal).toMatchObject({ kind: "auth", details: { code: "credential_kind" } });
    expect(refusal.message).toContain("client credentials");
  });
});
