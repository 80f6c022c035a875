import { approverProcedure, createTRPCRouter, deciderProcedure } from "@/server/trpc/init";
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
  inbox: deciderProcedure.input(inboxInput).query(inboxHandler),
  count: deciderProcedure.query(inboxCountHandler),
  approve: deciderProcedure.input(approveInput).mutation(approveHandler),
  reject: deciderProcedure.input(rejectInput).mutation(rejectHandler),
  delegations: approverProcedure.query(delegationsHandler),
  setDelegation: approverProcedure.input(setDelegationInput).mutation(setDelegationHandler),
  revokeDelegation: approverProcedure.input(delegationIdInput).mutation(revokeDelegationHandler),
});
