import type { Metadata } from "next";
import { PageNotFound } from "@/app/_components/page-not-found";

export const metadata: Metadata = { title: "Page not found" };

/** Inside the portal's layout, so a signed-in person keeps the header and the phone's bottom bar. */
export default function PortalNotFound() {
  return <PageNotFound />;
}
