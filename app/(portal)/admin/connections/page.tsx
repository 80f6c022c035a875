import type { Metadata } from "next";
import { ConnectionsAdmin } from "./connections-admin";

export const metadata: Metadata = { title: "Supplier connections" };

export default function ConnectionsPage() {
  return <ConnectionsAdmin />;
}
