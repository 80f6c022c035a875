import { z } from "zod";

export const createScimTokenInput = z.object({
  name: z
    .string({ message: "Name the token after the identity provider it is for, like Okta" })
    .trim()
    .min(1, "Name the token after the identity provider it is for, like Okta")
    .max(80, "A token name can be at most 80 characters"),
});

export const scimTokenIdInput = z.object({ tokenId: z.uuid({ message: "Choose a token from the list" }) });
