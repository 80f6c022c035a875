import { z } from "zod";
import { INBOX_SORTS } from "@/server/approvals/inbox";
import { calendarDay } from "../fields";

const requisitionId = z.uuid({ message: "Unknown requisition" });
const reason = z.string().trim().min(3, "Give the requester a reason (at least 3 characters)").max(1000, "Reason can be at most 1,000 characters");

export const approveInput = z.object({
  requisitionId,
  /** Lines taken out while the rest is approved, each with the reason the requester will read. */
  rejectedLines: z
    .array(
      z.object({
        lineId: z.uuid({ message: "Unknown line" }),
        reason: z.string().trim().min(3, "Say why this line is rejected (at least 3 characters)").max(500, "A line's reason can be at most 500 characters"),
      }),
    )
    .max(500)
    .default([]),
});

export const rejectInput = z.object({ requisitionId, reason });

export const inboxInput = z
  .object({
    sort: z.enum(INBOX_SORTS, { message: "Sort by oldest, newest, largest or smallest" }).default("oldest"),
    supplierConnectionId: z.uuid({ message: "Choose a supplier from the list" }).optional(),
    costCenterId: z.uuid({ message: "Choose a cost center from the list" }).optional(),
    /** REQ number, requester name or PO number. */
    search: z.string().trim().max(100, "Search can be at most 100 characters").optional(),
    limit: z.number().int().min(1).max(100).default(25),
    /** The nextCursor of the page before; none for the first page. */
    cursor: z.string().max(300, "That page of the inbox is no longer available").optional(),
  })
  .default({ sort: "oldest", limit: 25 });

export const setDelegationInput = z
  .object({
    delegateId: z.uuid({ message: "Choose who stands in for you" }),
    /** First day away, inclusive (UTC). */
    startsOn: calendarDay("The first day"),
    /** Last day away, inclusive (UTC). */
    endsOn: calendarDay("The last day"),
    note: z.string().trim().max(300, "A note can be at most 300 characters").default(""),
  })
  .refine((v) => v.startsOn <= v.endsOn, { message: "The last day must be on or after the first day", path: ["endsOn"] });

export const delegationIdInput = z.object({ delegationId: z.uuid({ message: "Unknown delegation" }) });
