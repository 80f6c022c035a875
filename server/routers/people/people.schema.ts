import { z } from "zod";
import { ROLES } from "@/common/roles";

const roles = z
  .array(z.enum(ROLES, { message: `A role is one of ${ROLES.join(", ")}` }), { message: "Choose at least one role" })
  .min(1, "Choose at least one role")
  .max(ROLES.length, "Choose each role at most once");

const invitationId = z.uuid({ message: "Choose an invitation from the list" });

export const inviteInput = z.object({
  email: z.string().trim().toLowerCase().email("Enter their work email, like ada@example.com").max(254, "An email can be at most 254 characters"),
  name: z.string().trim().min(1, "Enter their name").max(120, "A name can be at most 120 characters"),
  roles,
});

export const invitationInput = z.object({ invitationId });

const userId = z.uuid({ message: "Choose a person from the list" });

export const setRolesInput = z.object({ userId, roles });

export const personInput = z.object({ userId });
