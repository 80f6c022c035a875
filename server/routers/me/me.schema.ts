import { z } from "zod";
import { PASSWORD_MAX_LENGTH } from "@/server/domain/password-rules";
import { MAX_PERSON_NAME } from "@/server/people/profile";

export const endSessionInput = z.object({
  sessionId: z.string({ message: "Choose a session to end" }).trim().min(1, "Choose a session to end").max(100, "That session was not found"),
});

export const changePasswordInput = z.object({
  currentPassword: z
    .string({ message: "Enter your current password" })
    .min(1, "Enter your current password")
    .max(PASSWORD_MAX_LENGTH, "That is not your current password."),
  // Its length and the rest of the rules are checked by the use case (server/domain/password-rules.ts), field by field.
  newPassword: z
    .string({ message: "Enter a new password" })
    .min(1, "Enter a new password")
    .max(PASSWORD_MAX_LENGTH, `A password can be at most ${PASSWORD_MAX_LENGTH} characters`),
});

export const saveProfileInput = z.object({
  name: z.string({ message: "Enter your name" }).trim().min(1, "Enter your name").max(MAX_PERSON_NAME, `A name can be at most ${MAX_PERSON_NAME} characters`),
  defaultCostCenterId: z.uuid({ message: "Choose a cost center from the list" }).nullable(),
  shipTo: z
    .array(
      z.object({
        connectionId: z.uuid({ message: "Choose a supplier from the list" }),
        addressId: z.string().trim().min(1, "Choose an address from the list").max(100, "Choose an address from the list").nullable(),
      }),
    )
    .max(50, "At most 50 suppliers at once")
    .default([]),
});
