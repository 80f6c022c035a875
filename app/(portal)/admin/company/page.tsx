import type { Metadata } from "next";
import { CompanySettingsAdmin } from "./company-settings-admin";

export const metadata: Metadata = { title: "Company settings" };

export default function CompanySettingsPage() {
  return <CompanySettingsAdmin />;
}
