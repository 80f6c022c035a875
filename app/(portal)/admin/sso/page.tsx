import type { Metadata } from "next";
import { SsoAdmin } from "./sso-admin";

export const metadata: Metadata = { title: "Single sign-on" };

export default function SsoPage() {
  return <SsoAdmin />;
}
