import type { Metadata } from "next";
import { SpendReport } from "./spend-report";

export const metadata: Metadata = { title: "Spend" };

type Params = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() || undefined;

/**
 * The filters live in the URL so a view can be bookmarked or shared. Defaults
 * are worked out here, per request, so server and browser agree on "today".
 */
export default async function SpendPage({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  const today = new Date().toISOString().slice(0, 10);
  const filters = {
    from: first(params.from) ?? `${today.slice(0, 4)}-01-01`,
    to: first(params.to) ?? today,
    costCenterId: first(params.costCenterId),
  };
  return <SpendReport filters={filters} today={today} />;
}
