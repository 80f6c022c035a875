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
    expect(await refusal(h.db.update(auditLog).set({ action: "test.rewritten" }).where(eq(auditLog.id, entry!.id)))).toMatch(/append-only/);
    expect(await refusal(h.db.delete(auditLog).where(eq(auditLog.id, entry!.id)))).toMatch(/append-only/);
    expect(await refusal(h.db.execute(sql`truncate audit_log`))).toMatch(/append-only/);
    const [still] = await h.db.select().from(auditLog).where(eq(auditLog.id, entry!.id));
    expect(still!.action).toBe("test.recorded");
  });
});

/** The database's own words: the driver's error carries them as its cause, under the failed query. */
async function refusal(statement: PromiseLike<unknown>): Promise<string> {
  try {
    await statement;
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause;
    return cause?.message ?? String(error);
  }
  return "the statement was not refused";
}
