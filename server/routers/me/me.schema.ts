import { z } from "zod";
import { PASSWORD_MAX_LENGTH } from "@/server/domain/password-rules";

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
