import { adminProcedure, createTRPCRouter, memberProcedure } from "@/server/trpc/init";
import {
  addBudgetInput,
  changeBudgetInput,
  costCenterIdInput,
  createCostCenterInput,
  setDefaultCostCenterInput,
  updateCostCenterInput,
} from "./cost-centers.schema";
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

export const costCentersRouter = createTRPCRouter({
  /** The ones the signed-in person may charge, with today's budget position. */
  chargeable: memberProcedure.query(({ ctx }) => chargeableCostCenters(ctx, new Date())),
  list: adminProcedure.query(({ ctx }) => listCostCenters(ctx)),
  /** Admins, and the cost center's owner. */
  detail: memberProcedure.input(costCenterIdInput).query(({ ctx, input }) => costCenterDetail(ctx, input)),
  create: adminProcedure.input(createCostCenterInput).mutation(({ ctx, input }) => createCostCenter(ctx, input)),
  update: adminProcedure.input(updateCostCenterInput).mutation(({ ctx, input }) => updateCostCenter(ctx, input)),
  setDefault: adminProcedure.input(setDefaultCostCenterInput).mutation(({ ctx, input }) => setDefaultCostCenter(ctx, input)),
  addBudget: adminProcedure.input(addBudgetInput).mutation(({ ctx, input }) => addBudget(ctx, input)),
  changeBudget: adminProcedure.input(changeBudgetInput).mutation(({ ctx, input }) => changeBudget(ctx, input)),
});
