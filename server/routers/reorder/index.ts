import { createTRPCRouter } from "@/server/trpc/init";

// Reordering from a phone: reorder a past requisition, buy again, quick order (procedures added with their handlers).
export const reorderRouter = createTRPCRouter({});
