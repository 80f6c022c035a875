/** The audit router's handlers: each calls one use case over the admin's own company. */
import { auditCsvRecord, auditPeople, everyAuditEntry, listAuditEntries } from "@/server/audit/audit-view";
import type { Handled, MemberContext } from "@/server/trpc/init";
import type { auditFilterInput, listAuditInput } from "./audit.schema";

export const list = ({ ctx, input }: Handled<typeof listAuditInput>) => listAuditEntries(ctx, input.filter, input.after ?? null);

export const people = ({ ctx }: { ctx: MemberContext }) => auditPeople(ctx);

/** The filtered log as CSV records, read lazily by the export route as it streams them. */
export async function exportRows({ ctx, input }: Handled<typeof auditFilterInput>) {
  const day = new Date().toISOString().slice(0, 10);
  async function* records() {
    for await (const entry of everyAuditEntry(ctx, input)) yield auditCsvRecord(entry);
  }
  return { filename: `audit-log-${day}.csv`, records: records() };
}
