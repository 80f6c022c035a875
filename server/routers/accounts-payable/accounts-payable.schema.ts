import { z } from "zod";

export const pushesInput = z.object({
  onlyFailed: z.boolean().default(false),
  page: z.number().int().min(1, "Page must be 1 or more").max(10_000).default(1),
  pageSize: z.number().int().min(1).max(100, "At most 100 orders a page").default(25),
});
export const pushIdInput = z.object({ pushId: z.uuid({ message: "That push id is not valid" }) });
