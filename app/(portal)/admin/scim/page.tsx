import type { Metadata } from "next";
import { ScimAdmin } from "./scim-admin";

export const metadata: Metadata = { title: "SCIM provisioning" };

export default function ScimPage() {
  return <ScimAdmin />;
}
