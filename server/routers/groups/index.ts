import { adminProcedure, createTRPCRouter } from "@/server/trpc/init";
import { changeGroupMembers, createGroup, deleteGroup, listGroups, renameGroup } from "@/server/groups/groups";
import { createGroupInput, groupInput, renameGroupInput, setMembersInput } from "./groups.schema";

/** The company's groups of people, named by approval rules: its admins only. */
export const groupsRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => listGroups(ctx)),
  create: adminProcedure.input(createGroupInput).mutation(({ ctx, input }) => createGroup(ctx, input)),
  rename: adminProcedure.input(renameGroupInput).mutation(({ ctx, input }) => renameGroup(ctx, input)),
  setMembers: adminProcedure
    .input(setMembersInput)
    .mutation(({ ctx, input }) => changeGroupMembers(ctx, { groupId: input.groupId, replaceWith: input.memberIds })),
  delete: adminProcedure.input(groupInput).mutation(({ ctx, input }) => deleteGroup(ctx, input)),
});
