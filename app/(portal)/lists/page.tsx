import type { Metadata } from "next";
import { ListsView } from "./lists-view";

export const metadata: Metadata = { title: "Order lists" };

export default function OrderListsPage() {
  return <ListsView />;
}
