/** The SCIM tokens router's handlers: each calls one use case; a token's value leaves the server only when it is made. */
import { createScimToken, listScimTokens, revokeScimToken } from "@/server/scim/tokens";
import type { Handled, MemberContext } from "@/server/trpc/init";
import type { createScimTokenInput, scimTokenIdInput } from "./scim-tokens.schema";

export const list = ({ ctx }: { ctx: MemberContext }) => listScimTokens(ctx);

export const create = ({ ctx, input }: Handled<typeof createScimTokenInput>) => createScimToken(ctx, input);

export const revoke = ({ ctx, input }: Handled<typeof scimTokenIdInput>) => revokeScimToken(ctx, input);
