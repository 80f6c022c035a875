import { createTRPCRouter, matchDeciderProcedure, memberProcedure } from "@/server/trpc/init";
import { acceptMismatch, disputeMismatch, getOrderMatch, matchesForRequisition, toMatchList } from "@/server/matching/matching";
import { acceptInput, disputeInput, requisitionIdInput, supplierOrderIdInput, toMatchInput } from "./matching.schema";

export const matchingRouter = createTRPCRouter({
  /** The requester sees their own orders' match; approvers and admins every order's. */
  forOrder: memberProcedure.input(supplierOrderIdInput).query(({ ctx, input }) => getOrderMatch(ctx, input)),
  forRequisition: memberProcedure.input(requisitionIdInput).query(({ ctx, input }) => matchesForRequisition(ctx, input)),
  /** The "To match" list: accounts payable, approvers and admins. */
  list: matchDeciderProcedure.input(toMatchInput).query(({ ctx, input }) => toMatchList(ctx, input)),
  accept: matchDeciderProcedure.input(acceptInput).mutation(({ ctx, input }) => acceptMismatch(ctx, input)),
  dispute: matchDeciderProcedure.input(disputeInput).mutation(({ ctx, input }) => disputeMismatch(ctx, input)),
});
