import { z } from "zod";
import { MAX_GROUP_NAME } from "@/server/groups/groups";

const groupId = z.uuid({ message: "Choose a group from the list" });
const name = z
  .string({ message: "Give the group a name" })
  .trim()
  .min(1, "Give the group a name")
  .max(MAX_GROUP_NAME, `A group name can be at most ${MAX_GROUP_NAME} characters`);
const memberIds = z.array(z.uuid({ message: "Choose members from the list" })).max(1000, "A group can have at most 1,000 members here");

export const createGroupInput = z.object({ name, memberIds: memberIds.default([]) });
export const renameGroupInput = z.object({ groupId, name });
export const setMembersInput = z.object({ groupId, memberIds });
export const groupInput = z.object({ groupId });
