import type { MetadataRoute } from "next";

/** Served at /manifest.webmanifest; lets phones install the portal to the home screen. Colors are the brand blue and the page background (slate-50) from globals.css. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/",
    name: "Buyer Portal",
    short_name: "Buyer Portal",
    description: "Order from your company's suppliers, against your cost center, with approvals built in.",
    start_url: "/",
    scope: "/",
    display: "standalone",
    theme_color: "#1f5fd6",
    background_color: "#f8fafc",
    categories: ["business", "shopping"],
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
