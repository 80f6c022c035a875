import { buyerProcedure, createTRPCRouter, type Handled } from "@/server/trpc/init";
import { addToCartInput, removeLineInput, setQuantityInput } from "./cart.schema";
import { addToCart, getCart, removeCartLine, setCartQuantity } from "@/server/cart/cart";

async function addToCartHandler({ ctx, input }: Handled<typeof addToCartInput>) {
  const added = await addToCart(ctx, input);
  return { lineId: added.lineId, quantity: added.quantity, itemName: added.itemName };
}

export const cartRouter = createTRPCRouter({
  get: buyerProcedure.query(({ ctx }) => getCart(ctx)),
  add: buyerProcedure.input(addToCartInput).mutation(addToCartHandler),
  setQuantity: buyerProcedure.input(setQuantityInput).mutation(({ ctx, input }) => setCartQuantity(ctx, input)),
  remove: buyerProcedure.input(removeLineInput).mutation(({ ctx, input }) => removeCartLine(ctx, input)),
});
