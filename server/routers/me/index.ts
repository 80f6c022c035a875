import { whoAmI } from "@/server/people/me";
import { changePassword } from "@/server/people/password";
import { getProfile, saveProfile } from "@/server/people/profile";
import { endOwnSession, listOwnSessions, signOutEverywhere } from "@/server/sessions/sessions";
import { createTRPCRouter, memberProcedure, type Handled } from "@/server/trpc/init";
import { changePasswordInput, endSessionInput, saveProfileInput } from "./me.schema";

async function endSessionHandler({ ctx, input }: Handled<typeof endSessionInput>) {
  await endOwnSession(ctx.db, ctx.user, input.sessionId);
  return { ended: true, wasThisOne: input.sessionId === ctx.sessionId };
}

export const meRouter = createTRPCRouter({
  get: memberProcedure.query(({ ctx }) => whoAmI(ctx)),
  /** The person's own sign-ins, live first, the one asking flagged. */
  sessions: memberProcedure.query(({ ctx }) => listOwnSessions(ctx.db, ctx.user, ctx.sessionId)),
  endSession: memberProcedure.input(endSessionInput).mutation(endSessionHandler),
  signOutEverywhere: memberProcedure.mutation(({ ctx }) => signOutEverywhere(ctx.db, ctx.user)),
  profile: memberProcedure.query(({ ctx }) => getProfile(ctx)),
  saveProfile: memberProcedure.input(saveProfileInput).mutation(({ ctx, input }) => saveProfile(ctx, input)),
  changePassword: memberProcedure.input(changePasswordInput).mutation(({ ctx, input }) => changePassword(ctx, input)),
});
