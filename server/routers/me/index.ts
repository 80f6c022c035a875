import { whoAmI } from "@/server/people/me";
import { createTRPCRouter, memberProcedure } from "@/server/trpc/init";

export const meRouter = createTRPCRouter({ get: memberProcedure.query(({ ctx }) => whoAmI(ctx)) });
