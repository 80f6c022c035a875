import { createTRPCRouter, publicProcedure } from "@/server/trpc/init";
import { receiveSupplierWebhook } from "@/server/webhooks/supplier-webhooks";
import { receiveWebhookInput } from "./supplier-webhooks.schema";

export const supplierWebhooksRouter = createTRPCRouter({
  /** No session: the supplier proves itself with the connection's signing key, checked before anything is read. */
  receive: publicProcedure
    .input(receiveWebhookInput)
    .mutation(({ ctx, input }) =>
      receiveSupplierWebhook(ctx.db, { key: input.key, signature: input.signature, body: Buffer.from(input.bodyBase64, "base64") }),
    ),
});
