import "server-only";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { cache } from "react";
import { makeQueryClient } from "@/app/_lib/query-client";
import { createTRPCContext } from "./init";
import { appRouter, createCaller } from "./root";

/** For server components: the same procedures, the same checks, no HTTP hop. */
export const getServerCaller = cache(async () => createCaller(await createTRPCContext()));

export const getQueryClient = cache(makeQueryClient);
export const serverTRPC = createTRPCOptionsProxy({ ctx: createTRPCContext, router: appRouter, queryClient: getQueryClient });
