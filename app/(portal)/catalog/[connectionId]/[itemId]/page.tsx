import { ItemDetail } from "./item-detail";

export default async function ItemPage({ params }: { params: Promise<{ connectionId: string; itemId: string }> }) {
  const { connectionId, itemId } = await params;
  return <ItemDetail connectionId={connectionId} itemId={itemId} />;
}
