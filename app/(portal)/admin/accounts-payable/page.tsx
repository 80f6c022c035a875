import type { Metadata } from "next";
import { HypatosPushes } from "./hypatos-pushes";

export const metadata: Metadata = { title: "Accounts payable" };

export default function AccountsPayablePage() {
  return <HypatosPushes />;
}
