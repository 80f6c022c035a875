import { z } from "zod";
import { PASSWORD_MAX_LENGTH } from "@/server/domain/password-rules";

// A token is 32 random bytes in base64url (43 characters); anything else cannot be one.
const token = z
  .string({ message: "This invitation link is not valid" })
  .trim()
  .regex(/^[A-Za-z0-9_-]{43}$/, "This invitation link is not valid. Check that you copied all of it, or ask your admin for a new one.");

export const invitationTokenInput = z.object({ token });

export const acceptInvitationInput = z.object({
  token,
  // Checked against the password rules in the use case, which can name the person's own email and name.
  password: z.string({ message: "Choose a password" }).max(PASSWORD_MAX_LENGTH, `A password can be at most ${PASSWORD_MAX_LENGTH} characters`),
  name: z.string().trim().max(120, "A name can be at most 120 characters").optional(),
});
