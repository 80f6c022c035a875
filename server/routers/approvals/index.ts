import { approverProcedure, createTRPCRouter } from "@/server/trpc/init";
import {
  approveHandler,
  delegationsHandler,
  inboxCountHandler,
  inboxHandler,
  rejectHandler,
  revokeDelegationHandler,
  setDelegationHandler,
} from "./approvals.handler";
import { approveInput, delegationIdInput, inboxInput, rejectInput, setDelegationInput } from "./approvals.schema";

export const approvalsRouter = createTRPCRouter({
  inbox: approverProcedure.input(inboxInput).query(inboxHandler),
  count: approverProcedure.query(inboxCountHandler),
  approve: approverProcedure.input(approveInput).mutation(approveHandler),
  reject: approverProcedure.input(rejectInput).mutation(rejectHandler),
  delegations: approverProcedure.query(delegationsHandler),
  setDelegation: approverProcedure.input(setDelegationInput).mutation(setDelegationHandler),
  revokeDelegation: approverProcedure.input(delegationIdInput).mutation(revokeDelegationHandler),
});
