import type { Metadata, Viewport } from "next";
import { ServiceWorker } from "./_components/service-worker";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Buyer Portal", template: "%s · Buyer Portal" },
  description: "Order from your company's suppliers, against your cost center, with approvals built in.",
  applicationName: "Buyer Portal",
  // The manifest link comes from app/manifest.ts; iOS ignores the manifest's icons and reads these.
  icons: {
    icon: [{ url: "/icons/icon-192.png", sizes: "192x192", type: "image/png" }],
    apple: [{ url: "/icons/apple-touch-icon.png", sizes: "180x180", type: "image/png" }],
  },
  appleWebApp: { capable: true, title: "Buyer Portal", statusBarStyle: "default" },
};

// Every page is rendered per request, so each carries its own script nonce (proxy.ts): a prerendered page could carry none.
export const dynamic = "force-dynamic";

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#1f5fd6" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <ServiceWorker />
        {children}
      </body>
    </html>
  );
}
