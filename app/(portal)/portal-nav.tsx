"use client";

import { forgetCheckoutDrafts } from "./checkout/checkout-draft";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { PORTAL_CHANGED_EVENT, portalApi } from "@/app/_lib/portal-api";
import type { Role } from "@/common/roles";

export interface NavCounts {
  cartLines: number;
  waitingForMe: number;
  unread: number;
}

export function PortalNav({
  roles,
  userName,
  companyName,
  canSeeSpend,
  counts: initialCounts,
}: {
  roles: Role[];
  userName: string;
  companyName: string;
  canSeeSpend: boolean;
  counts: NavCounts;
}) {
  const pathname = usePathname();
  const isApprover = roles.includes("approver");
  const isBuyer = roles.includes("buyer");
  const { cartLines, waitingForMe, unread } = useNavCounts(initialCounts, isApprover);

  const links = [
    { href: "/", label: "Home", show: true },
    { href: "/catalog", label: "Catalog", show: isBuyer },
    { href: "/cart", label: "Cart", show: isBuyer, count: cartLines },
    { href: "/requisitions", label: "Orders", show: true },
    { href: "/approvals", label: "Approvals", show: isApprover, count: waitingForMe },
    // Desktop only: the phone bar holds at most five; the home page links to these instead.
    { href: "/quotes", label: "Quotes", show: isBuyer, desktopOnly: true },
    { href: "/lists", label: "Lists", show: isBuyer, desktopOnly: true },
    { href: "/spend", label: "Spend", show: canSeeSpend, desktopOnly: true },
    { href: "/admin/cost-centers", label: "Admin", show: roles.includes("admin"), desktopOnly: true },
  ].filter((l) => l.show);
  const phoneLinks = links.filter((l) => !l.desktopOnly);
  const typing = useTyping();
  const active = (href: string) => (href === "/" ? pathname === "/" : pathname.startsWith(href));

  return (
    <>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center gap-4 px-4 py-3 lg:gap-6">
          <Link href="/" className="font-semibold text-brand-700">
            Buyer Portal
          </Link>
          <nav aria-label="Main" className="hidden md:flex lg:gap-1">
            {links.map((l) => (
              <Link
                key={l.href}
                href={l.href}
                aria-current={active(l.href) ? "page" : undefined}
                className={`whitespace-nowrap rounded-md px-2 py-2 text-sm lg:px-3 ${active(l.href) ? "bg-brand-50 font-medium text-brand-800" : "text-slate-700 hover:bg-slate-100"}`}
              >
                {l.label}
                {l.count ? (
                  <span
                    className="ml-1.5 rounded-full bg-brand-600 px-1.5 text-xs text-white"
                    aria-label={`${l.count} ${l.label === "Cart" ? "lines" : "waiting"}`}
                  >
                    {l.count}
                  </span>
                ) : null}
              </Link>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-2 text-sm lg:gap-3">
            {/* In the header on every screen size: the phone's bottom bar already holds its five. */}
            <Link
              href="/notifications"
              aria-label={unread ? `Notifications, ${unread} unread` : "Notifications"}
              aria-current={active("/notifications") ? "page" : undefined}
              className={`relative inline-flex min-h-11 min-w-11 items-center justify-center rounded-md ${active("/notifications") ? "bg-brand-50 text-brand-800" : "text-slate-700 hover:bg-slate-100"}`}
            >
              <BellIcon />
              {unread ? (
                <span
                  aria-hidden="true"
                  className="absolute right-1 top-1 min-w-4 rounded-full bg-brand-600 px-1 text-center text-[10px] leading-4 font-medium text-white"
                >
                  {unread > 99 ? "99+" : unread}
                </span>
              ) : null}
            </Link>
            {/* Between md and lg the desktop nav holds up to eight links (tighter there); the name would push the header past the screen edge. */}
            <span className="hidden text-slate-600 sm:inline md:hidden lg:inline" data-testid="signed-in-as">
              {userName}
              {companyName ? ` · ${companyName}` : ""}
            </span>
            <button
              type="button"
              onClick={() => void signOutToLogin()}
              className="min-h-11 whitespace-nowrap rounded-md px-2 text-slate-700 hover:bg-slate-100 lg:px-3"
            >
              Sign out
            </button>
          </div>
        </div>
      </header>
      {/* Gives way while something is typed: with the on-screen keyboard up, a bar fixed to the bottom would sit over the very field being filled in. */}
      <nav
        aria-label="Main (phone)"
        className={`fixed inset-x-0 bottom-0 z-20 border-t border-slate-200 bg-white pb-[env(safe-area-inset-bottom)] md:hidden ${typing ? "hidden" : "grid"}`}
        style={{ gridTemplateColumns: `repeat(${phoneLinks.length}, minmax(0, 1fr))` }}
      >
        {phoneLinks.map((l) => (
          <Link
            key={l.href}
            href={l.href}
            aria-current={active(l.href) ? "page" : undefined}
            className={`flex min-h-14 flex-col items-center justify-center text-xs ${active(l.href) ? "font-semibold text-brand-700" : "text-slate-600"}`}
          >
            <span>{l.label}</span>
            {l.count ? (
              <span className="rounded-full bg-brand-600 px-1.5 text-[10px] text-white">
                {l.count}
                <span className="sr-only"> {l.label === "Cart" ? "lines" : "waiting"}</span>
              </span>
            ) : null}
          </Link>
        ))}
      </nav>
    </>
  );
}

/**
 * next-auth's own sign-out without its client library, which would ship in every portal page's first load for this one
 * button: the same CSRF-checked POST that `signOut()` makes, then the login page.
 */
async function signOutToLogin() {
  // A PO number or note typed in checkout stays with the person, not with the browser the next person uses.
  forgetCheckoutDrafts();
  try {
    const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    await fetch("/api/auth/signout", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, callbackUrl: "/login", json: "true" }),
    });
  } finally {
    window.location.href = "/login";
  }
}

/**
 * The badges start from the server's render and follow changes without a reload: after any change made on the page (the
 * API clients announce it), on moving to another page, when the tab comes back into view, and every 30 s for what others
 * do (a colleague's requisition reaching this approver's inbox).
 */
function useNavCounts(initial: NavCounts, isApprover: boolean): NavCounts {
  const [counts, setCounts] = useState(initial);
  const refresh = useCallback(async () => {
    try {
      const [me, waitingForMe, unread] = await Promise.all([
        portalApi.me.get.query(),
        isApprover ? portalApi.approvals.count.query() : Promise.resolve(0),
        portalApi.notifications.unreadCount.query(),
      ]);
      setCounts({ cartLines: me.cartLineCount, waitingForMe, unread });
    } catch {
      // Offline or signed out: keep the last counts; the next refresh will try again.
    }
  }, [isApprover]);
  const pathname = usePathname();
  const firstPath = useRef(pathname);
  useEffect(() => {
    if (pathname !== firstPath.current) void refresh();
  }, [pathname, refresh]);
  useEffect(() => {
    const onChange = () => void refresh();
    const onVisible = () => document.visibilityState === "visible" && void refresh();
    window.addEventListener(PORTAL_CHANGED_EVENT, onChange);
    document.addEventListener("visibilitychange", onVisible);
    const timer = setInterval(onChange, 30_000);
    return () => {
      window.removeEventListener(PORTAL_CHANGED_EVENT, onChange);
      document.removeEventListener("visibilitychange", onVisible);
      clearInterval(timer);
    };
  }, [refresh]);
  return counts;
}

const TEXT_ENTRY =
  'textarea, select, [contenteditable="true"], input:not([type="checkbox"]):not([type="radio"]):not([type="button"]):not([type="submit"]):not([type="reset"])';

/** Whether focus is in a field that brings up the on-screen keyboard. */
function useTyping(): boolean {
  const [typing, setTyping] = useState(false);
  useEffect(() => {
    let showBar: ReturnType<typeof setTimeout> | undefined;
    const onFocusIn = (e: FocusEvent) => {
      if (!(e.target instanceof Element && e.target.matches(TEXT_ENTRY))) return;
      clearTimeout(showBar);
      setTyping(true);
    };
    // The bar comes back a moment after the field loses focus: a tap on a button at the bottom of the screen moves focus
    // on press, and a bar appearing at once would take the release, so the button would never be clicked.
    const onFocusOut = () => {
      clearTimeout(showBar);
      showBar = setTimeout(() => setTyping(false), 400);
    };
    document.addEventListener("focusin", onFocusIn);
    document.addEventListener("focusout", onFocusOut);
    return () => {
      clearTimeout(showBar);
      document.removeEventListener("focusin", onFocusIn);
      document.removeEventListener("focusout", onFocusOut);
    };
  }, []);
  return typing;
}

function BellIcon() {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      className="h-5 w-5"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}
