import { z } from "zod";
import { ROLES } from "@/common/roles";

const text = (label: string, max: number) =>
  z
    .string({ message: `${label} must be text` })
    .trim()
    .max(max, `${label} can be at most ${max} characters`);

const roles = (label: string) =>
  z
    .array(z.enum(ROLES, { message: `${label}: choose buyer, approver, accounts payable or admin` }), { message: `${label}: choose the roles` })
    .max(ROLES.length);

const email = z
  .string({ message: "Enter your email address" })
  .trim()
  .max(254, "That email address is too long")
  .email("Enter your email address, like name@company.example");

/** Shape and length only; what an issuer may be, the domains and the mapping are the use case's rules. */
export const saveSsoInput = z.object({
  issuer: text("Issuer", 2000),
  clientId: text("Client id", 300),
  /** Blank on a change keeps the stored one. Exactly as typed: spaces may be part of it. */
  clientSecret: z.string({ message: "Client secret must be text" }).max(1000, "Client secret can be at most 1000 characters").optional(),
  allowedDomains: z.union([text("Allowed domains", 4000), z.array(text("Allowed domain", 253)).max(50, "At most 50 domains")], {
    message: "Enter the allowed email domains",
  }),
  roleClaim: text("Role claim", 100).optional(),
  roleMappings: z
    .array(z.object({ value: text("Claim value", 200), roles: roles("Mapped roles") }), { message: "Role mappings must be a list" })
    .max(50, "At most 50 role mappings")
    .default([]),
  defaultRoles: roles("Default roles"),
  jitEnabled: z.boolean({ message: "Say whether people are created on their first sign-in" }),
  required: z.boolean({ message: "Say whether single sign-on is required" }),
  enabled: z.boolean({ message: "Say whether single sign-on is on" }),
});

export const howToSignInInput = z.object({ email });

export const startSsoInput = z.object({ email, returnTo: z.string().max(2000).optional() });

export const finishSsoInput = z.object({ callbackUrl: z.string().max(8000), browserState: z.string().max(200).nullable() });
