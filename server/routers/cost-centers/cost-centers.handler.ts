import { chargeableCostCenters } from "@/server/cost-centers/chargeable";
import {
  addBudget,
  changeBudget,
  costCenterDetail,
  createCostCenter,
  listCostCenters,
  setDefaultCostCenter,
  updateCostCenter,
} from "@/server/cost-centers/cost-centers";
import type { Handled, MemberContext } from "@/server/trpc/init";
import type {
  addBudgetInput,
  changeBudgetInput,
  costCenterIdInput,
  createCostCenterInput,
  setDefaultCostCenterInput,
  updateCostCenterInput,
} from "./cost-centers.schema";

/** With today's budget position for each. */
export const chargeableCostCentersHandler = ({ ctx }: { ctx: MemberContext }) => chargeableCostCenters(ctx, new Date());
export const listCostCentersHandler = ({ ctx }: { ctx: MemberContext }) => listCostCenters(ctx);
export const costCenterDetailHandler = ({ ctx, input }: Handled<typeof costCenterIdInput>) => costCenterDetail(ctx, input);
export const createCostCenterHandler = ({ ctx, input }: Handled<typeof createCostCenterInput>) => createCostCenter(ctx, input);
export const updateCostCenterHandler = ({ ctx, input }: Handled<typeof updateCostCenterInput>) => updateCostCenter(ctx, input);
export const setDefaultCostCenterHandler = ({ ctx, input }: Handled<typeof setDefaultCostCenterInput>) => setDefaultCostCenter(ctx, input);
export const addBudgetHandler = ({ ctx, input }: Handled<typeof addBudgetInput>) => addBudget(ctx, input);
export const changeBudgetHandler = ({ ctx, input }: Handled<typeof changeBudgetInput>) => changeBudget(ctx, input);
