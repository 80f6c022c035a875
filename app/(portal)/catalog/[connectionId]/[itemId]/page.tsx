import { backToCatalogHref } from "../../catalog-view";
import { ItemDetail } from "./item-detail";

export default async function ItemPage({
  params,
  searchParams,
}: {
  params: Promise<{ connectionId: string; itemId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { connectionId, itemId } = await params;
  const { back } = await searchParams;
  return <ItemDetail connectionId={connectionId} itemId={itemId} backHref={backToCatalogHref(Array.isArray(back) ? back[0] : back)} />;
}
