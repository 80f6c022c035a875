import type { Metadata } from "next";
import { CostCentersAdmin } from "./cost-centers-admin";

export const metadata: Metadata = { title: "Cost centers" };

export default function CostCentersPage() {
  return <CostCentersAdmin />;
}
