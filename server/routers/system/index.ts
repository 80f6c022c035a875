import { env } from "@/server/env";
import { readiness } from "@/server/instances/readiness";
import { createTRPCRouter, publicProcedure } from "@/server/trpc/init";

/** What a load balancer asks before sending this instance requests; it says nothing about any company. */
export const systemRouter = createTRPCRouter({
  ready: publicProcedure.query(({ ctx }) => readiness(ctx.db, { workerStaleSeconds: env.READY_WORKER_STALE_SECONDS })),
});
