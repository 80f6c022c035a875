import type { Metadata } from "next";
import { CostCenterDetail } from "./cost-center-detail";

export const metadata: Metadata = { title: "Cost center" };

export default async function CostCenterPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <CostCenterDetail costCenterId={id} />;
}
