"use client";

import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";

const enabled = process.env.NODE_ENV === "production";

/**
 * Registers public/sw.js (production builds, secure contexts only), tells it which page is on screen so it can keep
 * order history readable offline, and says so when the page on screen is the copy saved on this device.
 */
export function ServiceWorker() {
  const pathname = usePathname();
  // undefined: a fresh page; otherwise when the saved copy on screen was saved (null if unknown).
  const [savedAt, setSavedAt] = useState<string | null | undefined>(undefined);

  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    if (!enabled || !window.isSecureContext) {
      // A worker left on this origin by a production build would answer a dev server's unhashed chunks from its cache.
      void navigator.serviceWorker.getRegistrations().then((registrations) => {
        for (const r of registrations) if ((r.active ?? r.installing ?? r.waiting)?.scriptURL.endsWith("/sw.js")) void r.unregister();
      });
      return;
    }
    // Offline support is an extra: if registering fails, the portal works as before. Registered once the page has
    // loaded, so the worker's install (it fetches the offline page and its files) does not compete with the first visit.
    const register = () => void navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
    if (document.readyState === "complete") register();
    else window.addEventListener("load", register, { once: true });
    const onMessage = (event: MessageEvent<{ type?: string; savedAt?: string | null }>) => {
      if (event.data?.type === "saved-copy") setSavedAt(event.data.savedAt ?? null);
    };
    navigator.serviceWorker.addEventListener("message", onMessage);
    navigator.serviceWorker.startMessages();
    // The first visit is not controlled until the worker activates: report the page then.
    navigator.serviceWorker.addEventListener("controllerchange", reportPage);
    return () => {
      window.removeEventListener("load", register);
      navigator.serviceWorker.removeEventListener("message", onMessage);
      navigator.serviceWorker.removeEventListener("controllerchange", reportPage);
    };
  }, []);

  // A new page on screen is a fresh page until the worker says it is a saved copy.
  const [shownPath, setShownPath] = useState(pathname);
  if (shownPath !== pathname) {
    setShownPath(pathname);
    setSavedAt(undefined);
  }

  // Client-side navigations fetch no HTML the worker could save, so each page on screen is reported.
  useEffect(() => {
    if (enabled) reportPage();
  }, [pathname]);

  if (savedAt === undefined) return null;
  return (
    <div role="status" className="border-b border-amber-300 bg-amber-50 px-4 py-2 text-center text-sm text-amber-900">
      No connection: this is the copy saved on this device
      {savedAt ? ` on ${new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" }).format(new Date(savedAt))}` : ""}. It may be out of date.
    </div>
  );
}

function reportPage() {
  navigator.serviceWorker?.controller?.postMessage({ type: "page-viewed", url: `${location.pathname}${location.search}` });
}
