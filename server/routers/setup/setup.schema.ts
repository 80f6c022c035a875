import { z } from "zod";
import { PASSWORD_MAX_LENGTH } from "@/server/domain/password-rules";
import { companyName, knownCurrency, timeZone } from "@/server/routers/fields";

export const createFirstCompanyInput = z.object({
  companyName,
  currency: knownCurrency,
  timeZone,
  adminName: z.string().trim().min(1, "Enter your name").max(120, "A name can be at most 120 characters"),
  adminEmail: z.string().trim().toLowerCase().email("Enter your work email, like ada@example.com").max(254, "An email can be at most 254 characters"),
  // Checked against the password rules in the use case, which can name the person's own email and name.
  password: z.string().max(PASSWORD_MAX_LENGTH, `A password can be at most ${PASSWORD_MAX_LENGTH} characters`),
  setupCode: z.string().trim().min(1, "Enter the setup code printed where the portal was started").max(40, "That is not the setup code"),
});
