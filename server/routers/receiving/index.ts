import { adminProcedure, createTRPCRouter, memberProcedure } from "@/server/trpc/init";
import { addShipToReceiver, listShipToReceivers, removeShipToReceiver } from "@/server/receiving/receivers";
import { receivingForOrder, receivingForRequisition, recordReceipt, reverseReceipt } from "@/server/receiving/receipts";
import { addReceiverInput, receiverIdInput, recordReceiptInput, requisitionIdInput, reverseReceiptInput, supplierOrderIdInput } from "./receiving.schema";

/** Who may receive (requester, a named receiver of the ship-to, admins) is the use case's rule; every member may ask. */
export const receivingRouter = createTRPCRouter({
  forOrder: memberProcedure.input(supplierOrderIdInput).query(({ ctx, input }) => receivingForOrder(ctx, input)),
  forRequisition: memberProcedure.input(requisitionIdInput).query(({ ctx, input }) => receivingForRequisition(ctx, input)),
  record: memberProcedure.input(recordReceiptInput).mutation(({ ctx, input }) => recordReceipt(ctx, input)),
  reverse: memberProcedure.input(reverseReceiptInput).mutation(({ ctx, input }) => reverseReceipt(ctx, input)),
  receivers: adminProcedure.query(({ ctx }) => listShipToReceivers(ctx)),
  addReceiver: adminProcedure.input(addReceiverInput).mutation(({ ctx, input }) => addShipToReceiver(ctx, input)),
  removeReceiver: adminProcedure.input(receiverIdInput).mutation(({ ctx, input }) => removeShipToReceiver(ctx, input)),
});
