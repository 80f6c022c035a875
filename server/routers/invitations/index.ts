import { createTRPCRouter, publicProcedure } from "@/server/trpc/init";
import { acceptInvitation, invitationByToken } from "@/server/people/people";
import { acceptInvitationInput, invitationTokenInput } from "./invitations.schema";

/** The invitee's side, before they have an account: the token in the link is what lets them in. */
export const invitationsRouter = createTRPCRouter({
  get: publicProcedure.input(invitationTokenInput).query(({ ctx, input }) => invitationByToken(ctx.db, input.token)),
  accept: publicProcedure.input(acceptInvitationInput).mutation(async ({ ctx, input }) => {
    const { email } = await acceptInvitation(ctx.db, input);
    // The browser signs in with the password it just chose.
    return { email };
  }),
});
