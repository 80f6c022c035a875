import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { companies, outbox } from "@/db/schema";
import { enqueueSupplierOrders } from "@/server/jobs/outbox-queue";
import { runDueOutboxWork } from "@/server/jobs/outbox";
import { openTestDatabase } from "@/server/testing/harness";
import { logger, requestIdFrom, withRequestId } from "./logging";

describe("JSON logs with the request id", () => {
  let handle: DatabaseHandle;
  const lines: string[] = [];
  beforeAll(async () => {
    handle = await openTestDatabase("pglite");
    vi.spyOn(process.stdout, "write").mockImplementation(((chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    }) as typeof process.stdout.write);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await handle?.close();
  });

  it("takes a sane x-request-id as sent and makes one for anything else", () => {
    expect(requestIdFrom("lb-1234.abc")).toBe("lb-1234.abc");
    expect(requestIdFrom('x"; drop')).not.toBe('x"; drop');
    expect(requestIdFrom(null)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("puts the request id on every line logged while the request is served, and never a password", () => {
    lines.length = 0;
    withRequestId("req-one", () => logger.info({ password: "hunter2-secret" }, "signed in"));
    const line = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    expect(line).toMatchObject({ requestId: "req-one", msg: "signed in", password: "[redacted]" });
  });

  it("carries the id of the request that queued a supplier order into the worker's line about it", async () => {
    const supplierOrderId = randomUUID();
    const [company] = await handle.db.insert(companies).values({ name: "Logged Co" }).returning({ id: companies.id });
    await withRequestId("req-checkout-7", () => enqueueSupplierOrders(handle.db, company!.id, [supplierOrderId]));
    const [row] = await handle.db.select().from(outbox);
    expect(row?.requestId).toBe("req-checkout-7");
    lines.length = 0;
    await runDueOutboxWork(handle.db);
    const worked = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.supplierOrderId === supplierOrderId);
    expect(worked).toMatchObject({ requestId: "req-checkout-7", msg: "supplier order worked" });
  });
});
