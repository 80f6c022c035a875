import { approvalsRouter } from "@/server/routers/approvals";
import { cartRouter } from "@/server/routers/cart";
import { catalogRouter } from "@/server/routers/catalog";
import { checkoutRouter } from "@/server/routers/checkout";
import { meRouter } from "@/server/routers/me";
import { requisitionsRouter } from "@/server/routers/requisitions";
import { createCallerFactory, createTRPCRouter } from "./init";

export const appRouter = createTRPCRouter({
  me: meRouter,
  catalog: catalogRouter,
  cart: cartRouter,
  checkout: checkoutRouter,
  requisitions: requisitionsRouter,
  approvals: approvalsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
