import { buyerProcedure, createTRPCRouter, listKeeperProcedure } from "@/server/trpc/init";
import {
  addItemInput,
  addListToCartInput,
  createListInput,
  listIdInput,
  moveItemInput,
  removeItemInput,
  setItemQuantityInput,
  updateListInput,
} from "./order-lists.schema";
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

// Order lists (order guides): named lists of items and usual quantities, private or shared with the company.
export const orderListsRouter = createTRPCRouter({
  list: listKeeperProcedure.query(({ ctx }) => listLists(ctx)),
  get: listKeeperProcedure.input(listIdInput).query(({ ctx, input }) => getList(ctx, input)),
  create: buyerProcedure.input(createListInput).mutation(({ ctx, input }) => createList(ctx, input)),
  update: listKeeperProcedure.input(updateListInput).mutation(({ ctx, input }) => updateList(ctx, input)),
  delete: listKeeperProcedure.input(listIdInput).mutation(({ ctx, input }) => deleteList(ctx, input)),
  addItem: listKeeperProcedure.input(addItemInput).mutation(({ ctx, input }) => addItem(ctx, input)),
  setItemQuantity: listKeeperProcedure.input(setItemQuantityInput).mutation(({ ctx, input }) => setItemQuantity(ctx, input)),
  removeItem: listKeeperProcedure.input(removeItemInput).mutation(({ ctx, input }) => removeItem(ctx, input)),
  moveItem: listKeeperProcedure.input(moveItemInput).mutation(({ ctx, input }) => moveItem(ctx, input)),
  createFromCart: buyerProcedure.input(createListInput).mutation(({ ctx, input }) => createFromCart(ctx, input)),
  addToCart: buyerProcedure.input(addListToCartInput).mutation(({ ctx, input }) => addListToCart(ctx, input)),
});
