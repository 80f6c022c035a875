import { z } from "zod";
import { AUDIT_SUBJECTS } from "@/server/audit/audit-log";
import { AUDIT_GROUPS } from "@/server/domain/audit-words";
import { calendarDay } from "../fields";

export const auditFilterInput = z
  .object({
    group: z.enum(AUDIT_GROUPS, { message: "Choose what happened from the list" }).optional(),
    personId: z.uuid({ message: "Choose a person from the list" }).optional(),
    subjectType: z.enum(AUDIT_SUBJECTS, { message: "Choose what it was about from the list" }).optional(),
    subjectId: z.uuid({ message: "A subject id looks like 3f2b…-…: copy it from an entry" }).optional(),
    from: calendarDay("From").optional(),
    to: calendarDay("To").optional(),
    q: z.string().trim().max(100, "Search words can be at most 100 characters").optional(),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { path: ["to"], message: "The end date must be on or after the start date" });

export const listAuditInput = z.object({
  filter: auditFilterInput.default({}),
  /** Where the previous page ended, as the last answer said. */
  after: z
    .object({
      at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/, "That page link is not valid; start from the first page"),
      id: z.uuid({ message: "That page link is not valid; start from the first page" }),
    })
    .nullish(),
});
