import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit-log";
import { databaseKinds, startHarness, type Harness } from "@/server/testing/harness";

describe.each(databaseKinds)("the audit log on %s", (kind) => {
  let h: Harness;
  let companyId: string;
  beforeAll(async () => {
    h = await startHarness(kind);
    companyId = (await h.createCompany()).companyId;
  });
  afterAll(async () => h?.close());

  it("takes new entries and refuses to change or remove any, whoever asks the database", async () => {
    await recordAudit(h.db, { companyId, actorId: null, action: "test.recorded", subject: { type: "company", id: companyId }, details: { n: 1 } });
    const [entry] = await h.db.select().from(auditLog).where(eq(auditLog.action, "test.recorded"));
    expect(entry).toBeDefined();
    await expect(h.db.update(auditLog).set({ action: "test.rewritten" }).where(eq(auditLog.id, entry!.id))).rejects.toThrow(/append-only/);
    await expect(h.db.delete(auditLog).where(eq(auditLog.id, entry!.id))).rejects.toThrow(/append-only/);
    await expect(h.db.execute(sql`truncate audit_log`)).rejects.toThrow(/append-only/);
    const [still] = await h.db.select().from(auditLog).where(eq(auditLog.id, entry!.id));
    expect(still!.action).toBe("test.recorded");
  });
});
