import type { Metadata, Viewport } from "next";
import { TRPCReactProvider } from "./_lib/trpc";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Buyer Portal", template: "%s · Buyer Portal" },
  description: "Order from your company's suppliers, against your cost center, with approvals built in.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#1f5fd6" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}
