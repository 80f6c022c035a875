import { buyerProcedure, createTRPCRouter } from "@/server/trpc/init";
import { checkoutOptionsHandler, submitRequisitionHandler } from "./checkout.handler";
import { submitRequisitionInput } from "./checkout.schema";

export const checkoutRouter = createTRPCRouter({
  options: buyerProcedure.query(checkoutOptionsHandler),
  submit: buyerProcedure.input(submitRequisitionInput).mutation(submitRequisitionHandler),
});
