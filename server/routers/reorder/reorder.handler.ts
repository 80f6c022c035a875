import { buyAgain, lastRequisition, quickOrder, reorderRequisition, suggest } from "@/server/reorder/reorder";
import type { Handled, MemberContext } from "@/server/trpc/init";
import type { buyAgainInput, quickOrderInput, reorderRequisitionInput, suggestInput } from "./reorder.schema";

export const reorderRequisitionHandler = ({ ctx, input }: Handled<typeof reorderRequisitionInput>) => reorderRequisition(ctx, input);
export const lastRequisitionHandler = ({ ctx }: { ctx: MemberContext }) => lastRequisition(ctx);
export const buyAgainHandler = ({ ctx, input }: Handled<typeof buyAgainInput>) => buyAgain(ctx, input);
export const suggestHandler = ({ ctx, input }: Handled<typeof suggestInput>) => suggest(ctx, input);
export const quickOrderHandler = ({ ctx, input }: Handled<typeof quickOrderInput>) => quickOrder(ctx, input);
