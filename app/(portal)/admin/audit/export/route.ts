import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { attachment, downloadRefused } from "@/app/api/download";
import { AUDIT_CSV_COLUMNS } from "@/server/domain/audit-words";
import { getServerCaller } from "@/server/trpc/server";
import { auditFilterOf } from "../audit-params";

/**
 * The audit log as CSV, for the filter the page shows. The procedure checks that the session is an admin of the company
 * and validates the filter; the rows stream out a page at a time as the download takes them.
 */
export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  try {
    const { filename, records } = await (await getServerCaller()).audit.export(auditFilterOf((name) => params.get(name)));
    const csv = Readable.from(records).pipe(stringify({ header: true, columns: [...AUDIT_CSV_COLUMNS] }));
    csv.on("error", (error) => console.error("[audit-csv] failed while streaming", error));
    return attachment(Readable.toWeb(csv) as ReadableStream<Uint8Array>, filename, "text/csv; charset=utf-8");
  } catch (error) {
    return downloadRefused(error, "audit-csv");
  }
}
