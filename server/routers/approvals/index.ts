import { approverProcedure, createTRPCRouter } from "@/server/trpc/init";
import { approveHandler, inboxCountHandler, inboxHandler, rejectHandler } from "./approvals.handler";
import { approveInput, rejectInput } from "./approvals.schema";

export const approvalsRouter = createTRPCRouter({
  inbox: approverProcedure.query(inboxHandler),
  count: approverProcedure.query(inboxCountHandler),
  approve: approverProcedure.input(approveInput).mutation(approveHandler),
  reject: approverProcedure.input(rejectInput).mutation(rejectHandler),
});
