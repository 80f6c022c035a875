import { AppError } from "@/server/errors";
import { buyerProcedure, createTRPCRouter, memberProcedure } from "@/server/trpc/init";
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

/** Lists are for people who shop, and for admins who tidy up shared ones; approvers alone have no use for them. */
const listProcedure = memberProcedure.use(({ ctx, next }) => {
  if (!ctx.user.roles.includes("buyer") && !ctx.user.roles.includes("admin")) throw new AppError("forbidden", "Order lists need the buyer role.");
  return next();
});

// Order lists (order guides): named lists of items and usual quantities, private or shared with the company.
export const orderListsRouter = createTRPCRouter({
  list: listProcedure.query(listListsHandler),
  get: listProcedure.input(listIdInput).query(getListHandler),
  create: buyerProcedure.input(createListInput).mutation(createListHandler),
  update: listProcedure.input(updateListInput).mutation(updateListHandler),
  delete: listProcedure.input(listIdInput).mutation(deleteListHandler),
  addItem: listProcedure.input(addItemInput).mutation(addItemHandler),
  setItemQuantity: listProcedure.input(setItemQuantityInput).mutation(setItemQuantityHandler),
  removeItem: listProcedure.input(removeItemInput).mutation(removeItemHandler),
  moveItem: listProcedure.input(moveItemInput).mutation(moveItemHandler),
  createFromCart: buyerProcedure.input(createListInput).mutation(createFromCartHandler),
  addToCart: buyerProcedure.input(addListToCartInput).mutation(addListToCartHandler),
});
