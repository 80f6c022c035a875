import { buyerProcedure, createTRPCRouter } from "@/server/trpc/init";
import { addToCartHandler, getCartHandler, removeLineHandler, setQuantityHandler } from "./cart.handler";
import { addToCartInput, removeLineInput, setQuantityInput } from "./cart.schema";

export const cartRouter = createTRPCRouter({
  get: buyerProcedure.query(getCartHandler),
  add: buyerProcedure.input(addToCartInput).mutation(addToCartHandler),
  setQuantity: buyerProcedure.input(setQuantityInput).mutation(setQuantityHandler),
  remove: buyerProcedure.input(removeLineInput).mutation(removeLineHandler),
});
