import type { Metadata } from "next";
import { ToMatchList } from "./to-match-list";

export const metadata: Metadata = { title: "To match" };

export default function ToMatchPage() {
  return <ToMatchList />;
}
