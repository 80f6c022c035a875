import { adminProcedure, createTRPCRouter } from "@/server/trpc/init";
import { create, list, revoke } from "./scim-tokens.handler";
import { createScimTokenInput, scimTokenIdInput } from "./scim-tokens.schema";

/** The bearer tokens the company's identity provider provisions people with: admins only; another company's is "not found". */
export const scimTokensRouter = createTRPCRouter({
  list: adminProcedure.query(list),
  create: adminProcedure.input(createScimTokenInput).mutation(create),
  revoke: adminProcedure.input(scimTokenIdInput).mutation(revoke),
});
