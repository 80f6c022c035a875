import { z } from "zod";

export const listNotificationsInput = z
  .object({
    limit: z.number().int().min(1).max(100).default(30),
    unreadOnly: z.boolean().default(false),
  })
  .default({ limit: 30, unreadOnly: false });

export const markReadInput = z.object({
  ids: z
    .array(z.uuid({ message: "Unknown notification" }))
    .min(1, "Choose at least one notification")
    .max(100, "Mark at most 100 at a time"),
});
