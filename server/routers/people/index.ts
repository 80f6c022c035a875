import { adminProcedure, createTRPCRouter } from "@/server/trpc/init";
import { invitePerson, listPeople, resendInvitation, revokeInvitation, setRoles } from "@/server/people/people";
import { deactivatePerson, reactivatePerson } from "@/server/people/deactivation";
import { invitationInput, inviteInput, personInput, setRolesInput } from "./people.schema";

/** The company's people and invitations: its admins only. */
export const peopleRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => listPeople(ctx)),
  invite: adminProcedure.input(inviteInput).mutation(({ ctx, input }) => invitePerson(ctx, input)),
  resend: adminProcedure.input(invitationInput).mutation(({ ctx, input }) => resendInvitation(ctx, input)),
  revoke: adminProcedure.input(invitationInput).mutation(({ ctx, input }) => revokeInvitation(ctx, input)),
  setRoles: adminProcedure.input(setRolesInput).mutation(({ ctx, input }) => setRoles(ctx, input)),
  deactivate: adminProcedure.input(personInput).mutation(({ ctx, input }) => deactivatePerson(ctx, input)),
  reactivate: adminProcedure.input(personInput).mutation(({ ctx, input }) => reactivatePerson(ctx, input)),
});
