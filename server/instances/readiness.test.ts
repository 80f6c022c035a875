import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { beat } from "@/server/jobs/job-leases";
import { databaseKinds, openTestDatabase } from "@/server/testing/harness";
import { readiness } from "./readiness";

describe.each(databaseKinds)("readiness for the load balancer on %s", (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
  });
  afterAll(async () => handle?.close());

  it("is not ready until a worker has finished a pass, then is", async () => {
    expect(await readiness(handle.db, { workerStaleSeconds: 60 })).toMatchObject({
      ready: false,
      database: "reachable",
      migrations: "current",
      worker: "never seen",
    });
    await beat(handle.db, "worker-1");
    expect(await readiness(handle.db, { workerStaleSeconds: 60 })).toMatchObject({ ready: true, worker: "alive" });
  });

  it("is not ready when the newest migration this build ships is not applied", async () => {
    await handle.db.execute(
      `update drizzle.__drizzle_migrations set created_at = created_at - 1 where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`,
    );
    expect(await readiness(handle.db, { workerStaleSeconds: 60 })).toMatchObject({ ready: false, migrations: "behind" });
  });
});
