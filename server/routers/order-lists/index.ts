import { buyerProcedure, createTRPCRouter, listKeeperProcedure } from "@/server/trpc/init";
import {
  addItemHandler,
  addListToCartHandler,
  createFromCartHandler,
  createListHandler,
  deleteListHandler,
  getListHandler,
  listListsHandler,
  moveItemHandler,
  removeItemHandler,
  setItemQuantityHandler,
  updateListHandler,
} from "./order-lists.handler";
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

// Order lists (order guides): named lists of items and usual quantities, private or shared with the company.
export const orderListsRouter = createTRPCRouter({
  list: listKeeperProcedure.query(listListsHandler),
  get: listKeeperProcedure.input(listIdInput).query(getListHandler),
  create: buyerProcedure.input(createListInput).mutation(createListHandler),
  update: listKeeperProcedure.input(updateListInput).mutation(updateListHandler),
  delete: listKeeperProcedure.input(listIdInput).mutation(deleteListHandler),
  addItem: listKeeperProcedure.input(addItemInput).mutation(addItemHandler),
  setItemQuantity: listKeeperProcedure.input(setItemQuantityInput).mutation(setItemQuantityHandler),
  removeItem: listKeeperProcedure.input(removeItemInput).mutation(removeItemHandler),
  moveItem: listKeeperProcedure.input(moveItemInput).mutation(moveItemHandler),
  createFromCart: buyerProcedure.input(createListInput).mutation(createFromCartHandler),
  addToCart: buyerProcedure.input(addListToCartInput).mutation(addListToCartHandler),
});
