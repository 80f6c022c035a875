import type { Metadata } from "next";
import { ReceiversAdmin } from "./receivers-admin";

export const metadata: Metadata = { title: "Receivers" };

export default function ReceiversPage() {
  return <ReceiversAdmin />;
}
