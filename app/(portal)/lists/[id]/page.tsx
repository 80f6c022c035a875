import type { Metadata } from "next";
import { ListDetail } from "./list-detail";

export const metadata: Metadata = { title: "Order list" };

export default async function OrderListPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ListDetail listId={id} />;
}
