import {
  addItem,
  addListToCart,
  createFromCart,
  createList,
  deleteList,
  getList,
  listLists,
  moveItem,
  removeItem,
  setItemQuantity,
  updateList,
} from "@/server/order-lists/order-lists";
import type { Handled, MemberContext } from "@/server/trpc/init";
import type {
  addItemInput,
  addListToCartInput,
  createListInput,
  listIdInput,
  moveItemInput,
  removeItemInput,
  setItemQuantityInput,
  updateListInput,
} from "./order-lists.schema";

export const addItemHandler = ({ ctx, input }: Handled<typeof addItemInput>) => addItem(ctx, input);
export const addListToCartHandler = ({ ctx, input }: Handled<typeof addListToCartInput>) => addListToCart(ctx, input);
export const createFromCartHandler = ({ ctx, input }: Handled<typeof createListInput>) => createFromCart(ctx, input);
export const createListHandler = ({ ctx, input }: Handled<typeof createListInput>) => createList(ctx, input);
export const deleteListHandler = ({ ctx, input }: Handled<typeof listIdInput>) => deleteList(ctx, input);
export const getListHandler = ({ ctx, input }: Handled<typeof listIdInput>) => getList(ctx, input);
export const listListsHandler = ({ ctx }: { ctx: MemberContext }) => listLists(ctx);
export const moveItemHandler = ({ ctx, input }: Handled<typeof moveItemInput>) => moveItem(ctx, input);
export const removeItemHandler = ({ ctx, input }: Handled<typeof removeItemInput>) => removeItem(ctx, input);
export const setItemQuantityHandler = ({ ctx, input }: Handled<typeof setItemQuantityInput>) => setItemQuantity(ctx, input);
export const updateListHandler = ({ ctx, input }: Handled<typeof updateListInput>) => updateList(ctx, input);
