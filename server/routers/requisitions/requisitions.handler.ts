import { cancelSupplierOrder } from "@/server/requisitions/cancel-supplier-order";
import { resubmitRequisition } from "@/server/requisitions/resubmit";
import { getRequisition, listRequisitions } from "@/server/requisitions/views";
import { withdrawRequisition } from "@/server/requisitions/withdraw";
import type { Handled } from "@/server/trpc/init";
import type {
  cancelSupplierOrderInput,
  listRequisitionsInput,
  requisitionIdInput,
  resubmitRequisitionInput,
  withdrawRequisitionInput,
} from "./requisitions.schema";

export const listRequisitionsHandler = ({ ctx, input }: Handled<typeof listRequisitionsInput>) => listRequisitions(ctx, input);
export const getRequisitionHandler = ({ ctx, input }: Handled<typeof requisitionIdInput>) => getRequisition(ctx, input);
export const withdrawRequisitionHandler = ({ ctx, input }: Handled<typeof withdrawRequisitionInput>) => withdrawRequisition(ctx, input);
export const resubmitRequisitionHandler = ({ ctx, input }: Handled<typeof resubmitRequisitionInput>) => resubmitRequisition(ctx, input);
export const cancelSupplierOrderHandler = ({ ctx, input }: Handled<typeof cancelSupplierOrderInput>) => cancelSupplierOrder(ctx, input);
