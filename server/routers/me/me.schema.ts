import { z } from "zod";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/server/people/password";

export const endSessionInput = z.object({
  sessionId: z.string({ message: "Choose a session to end" }).trim().min(1, "Choose a session to end").max(100, "That session was not found"),
});

export const changePasswordInput = z.object({
  currentPassword: z
    .string({ message: "Enter your current password" })
    .min(1, "Enter your current password")
    .max(MAX_PASSWORD_LENGTH, "That is not your current password."),
  newPassword: z
    .string({ message: "Enter a new password" })
    .min(MIN_PASSWORD_LENGTH, `The new password must be at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(MAX_PASSWORD_LENGTH, `The new password can be at most ${MAX_PASSWORD_LENGTH} characters`),
});
