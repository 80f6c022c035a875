import { addToCart, getCart, removeCartLine, setCartQuantity } from "@/server/cart/cart";
import type { Handled, MemberContext } from "@/server/trpc/init";
import type { addToCartInput, removeLineInput, setQuantityInput } from "./cart.schema";

export const getCartHandler = ({ ctx }: { ctx: MemberContext }) => getCart(ctx);

export async function addToCartHandler({ ctx, input }: Handled<typeof addToCartInput>) {
  const added = await addToCart(ctx, input);
  return { lineId: added.lineId, quantity: added.quantity, itemName: added.itemName };
}

export const setQuantityHandler = ({ ctx, input }: Handled<typeof setQuantityInput>) => setCartQuantity(ctx, input);
export const removeLineHandler = ({ ctx, input }: Handled<typeof removeLineInput>) => removeCartLine(ctx, input);
