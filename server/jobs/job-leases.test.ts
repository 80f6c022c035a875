import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { databaseKinds, openTestDatabase } from "@/server/testing/harness";
import { runOnce } from "./job-leases";

describe.each(databaseKinds)("periodic jobs leased across workers on %s", (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
  });
  afterAll(async () => handle?.close());

  it("two workers asking at once run the job once, and neither again within its period", async () => {
    let runs = 0;
    const job = async () => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    };
    await Promise.all([runOnce(handle.db, "escalations", "worker-a", 60_000, job), runOnce(handle.db, "escalations", "worker-b", 60_000, job)]);
    expect(runs).toBe(1);
    await runOnce(handle.db, "escalations", "worker-b", 60_000, job);
    expect(runs).toBe(1);
  });

  it("a job whose period has passed is taken again, by whichever worker asks", async () => {
    let runs = 0;
    await runOnce(handle.db, "receipt-reminders", "worker-a", 0, async () => void runs++);
    await runOnce(handle.db, "receipt-reminders", "worker-b", 0, async () => void runs++);
    expect(runs).toBe(2);
  });

  it("a job that failed is still due again after its period, not held by the failed lease", async () => {
    await expect(
      runOnce(handle.db, "order-status", "worker-a", 0, async () => {
        throw new Error("supplier down");
      }),
    ).rejects.toThrow("supplier down");
    let ran = false;
    await runOnce(handle.db, "order-status", "worker-b", 0, async () => void (ran = true));
    expect(ran).toBe(true);
  });
});
