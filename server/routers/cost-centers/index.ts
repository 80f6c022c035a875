import { adminProcedure, createTRPCRouter, memberProcedure } from "@/server/trpc/init";
import {
  addBudgetHandler,
  changeBudgetHandler,
  chargeableCostCentersHandler,
  costCenterDetailHandler,
  createCostCenterHandler,
  listCostCentersHandler,
  setDefaultCostCenterHandler,
  updateCostCenterHandler,
} from "./cost-centers.handler";
import {
  addBudgetInput,
  changeBudgetInput,
  costCenterIdInput,
  createCostCenterInput,
  setDefaultCostCenterInput,
  updateCostCenterInput,
} from "./cost-centers.schema";

export const costCentersRouter = createTRPCRouter({
  /** The ones the signed-in person may charge, with today's budget position. */
  chargeable: memberProcedure.query(chargeableCostCentersHandler),
  list: adminProcedure.query(listCostCentersHandler),
  /** Admins, and the cost center's owner. */
  detail: memberProcedure.input(costCenterIdInput).query(costCenterDetailHandler),
  create: adminProcedure.input(createCostCenterInput).mutation(createCostCenterHandler),
  update: adminProcedure.input(updateCostCenterInput).mutation(updateCostCenterHandler),
  setDefault: adminProcedure.input(setDefaultCostCenterInput).mutation(setDefaultCostCenterHandler),
  addBudget: adminProcedure.input(addBudgetInput).mutation(addBudgetHandler),
  changeBudget: adminProcedure.input(changeBudgetInput).mutation(changeBudgetHandler),
});
