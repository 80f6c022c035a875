import { createTRPCRouter } from "@/server/trpc/init";

// Order lists (order guides): named lists of items and usual quantities (procedures added with their handlers).
export const orderListsRouter = createTRPCRouter({});
