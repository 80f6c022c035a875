import type { RouterInputs } from "@/app/_lib/trpc";
import { attachment, downloadRefused } from "@/app/api/download";
import { getServerCaller } from "@/server/trpc/server";

/**
 * The spend report's tables as CSV files. The procedure checks who may see
 * what and validates the filters; this only turns its answer, or its
 * refusal, into an HTTP response.
 */
export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  const optional = (name: string) => params.get(name) || undefined;
  try {
    const { filename, csv } = await (
      await getServerCaller()
    ).spend.csv({
      // Missing dates reach the schema as "", so the refusal names the field.
      from: params.get("from") ?? "",
      to: params.get("to") ?? "",
      costCenterId: optional("costCenterId"),
      groupBy: optional("groupBy") as RouterInputs["spend"]["csv"]["groupBy"] | undefined,
    });
    return attachment(csv, filename, "text/csv; charset=utf-8");
  } catch (error) {
    return downloadRefused(error, "spend-csv");
  }
}
