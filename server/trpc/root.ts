import { accountsPayableRouter } from "@/server/routers/accounts-payable";
import { approvalsRouter } from "@/server/routers/approvals";
import { cartRouter } from "@/server/routers/cart";
import { catalogRouter } from "@/server/routers/catalog";
import { checkoutRouter } from "@/server/routers/checkout";
import { companyRouter } from "@/server/routers/company";
import { connectionsRouter } from "@/server/routers/connections";
import { costCentersRouter } from "@/server/routers/cost-centers";
import { invitationsRouter } from "@/server/routers/invitations";
import { invoicesRouter } from "@/server/routers/invoices";
import { matchingRouter } from "@/server/routers/matching";
import { meRouter } from "@/server/routers/me";
import { notificationsRouter } from "@/server/routers/notifications";
import { peopleRouter } from "@/server/routers/people";
import { groupsRouter } from "@/server/routers/groups";
import { policyRouter } from "@/server/routers/policy";
import { orderListsRouter } from "@/server/routers/order-lists";
import { quotesRouter } from "@/server/routers/quotes";
import { receivingRouter } from "@/server/routers/receiving";
import { reorderRouter } from "@/server/routers/reorder";
import { setupRouter } from "@/server/routers/setup";
import { scimTokensRouter } from "@/server/routers/scim-tokens";
import { auditRouter } from "@/server/routers/audit";
import { requisitionsRouter } from "@/server/routers/requisitions";
import { ssoRouter } from "@/server/routers/sso";
import { spendRouter } from "@/server/routers/spend";
import { supplierApprovalsRouter } from "@/server/routers/supplier-approvals";
import { supplierWebhooksRouter } from "@/server/routers/supplier-webhooks";
import { systemRouter } from "@/server/routers/system";
import { createCallerFactory, createTRPCRouter } from "./init";

export const appRouter = createTRPCRouter({
  me: meRouter,
  system: systemRouter,
  setup: setupRouter,
  catalog: catalogRouter,
  cart: cartRouter,
  checkout: checkoutRouter,
  requisitions: requisitionsRouter,
  approvals: approvalsRouter,
  costCenters: costCentersRouter,
  company: companyRouter,
  spend: spendRouter,
  supplierApprovals: supplierApprovalsRouter,
  supplierWebhooks: supplierWebhooksRouter,
  policy: policyRouter,
  notifications: notificationsRouter,
  quotes: quotesRouter,
  reorder: reorderRouter,
  orderLists: orderListsRouter,
  receiving: receivingRouter,
  matching: matchingRouter,
  invoices: invoicesRouter,
  accountsPayable: accountsPayableRouter,
  people: peopleRouter,
  groups: groupsRouter,
  invitations: invitationsRouter,
  connections: connectionsRouter,
  scimTokens: scimTokensRouter,
  audit: auditRouter,
  sso: ssoRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
