"use client";

import { forgetCheckoutDrafts } from "./checkout/checkout-draft";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { PORTAL_CHANGED_EVENT, portalApi } from "@/app/_lib/portal-api";
import { useTyping } from "@/app/_components/use-typing";
import type { Role } from "@/common/roles";

export interface NavCounts {
  cartLines: number;
  waitingForMe: number;
  unread: number;
}

interface NavPage {
  href: string;
  label: string;
  count?: number;
  countLabel?: string;
  /** In the phone's bottom bar (at most five, with More beside them) and in the header. */
  bar?: boolean;
  /** In the header on a wide screen too; the rest wait under More. */
  header?: boolean;
  /** The bell stands for it in the header on every screen; only the phone's More lists it by name. */
  phoneMoreOnly?: boolean;
}

/** Every portal page this person's roles open, in the order the navigation offers them. */
function pagesFor(roles: Role[], canSeeSpend: boolean, counts: NavCounts): NavPage[] {
  const isBuyer = roles.includes("buyer");
  const pages: (NavPage & { show: boolean })[] = [
    { href: "/", label: "Home", show: true, bar: true },
    { href: "/catalog", label: "Catalog", show: isBuyer, bar: true },
    { href: "/cart", label: "Cart", show: isBuyer, bar: true, count: counts.cartLines, countLabel: "lines" },
    { href: "/requisitions", label: "Orders", show: true, bar: true },
    { href: "/approvals", label: "Approvals", show: roles.includes("approver"), bar: true, count: counts.waitingForMe, countLabel: "waiting" },
    { href: "/lists", label: "Lists", show: isBuyer, header: true },
    { href: "/quotes", label: "Quotes", show: isBuyer, header: true },
    { href: "/quick-order", label: "Quick order", show: isBuyer },
    { href: "/buy-again", label: "Buy again", show: isBuyer },
    { href: "/spend", label: "Spend", show: canSeeSpend },
    { href: "/to-match", label: "To match", show: roles.includes("approver") || roles.includes("admin") || roles.includes("accounts_payable") },
    { href: "/invoices", label: "Invoices", show: roles.includes("admin") || roles.includes("accounts_payable") },
    { href: "/notifications", label: "Notifications", show: true, phoneMoreOnly: true, count: counts.unread, countLabel: "unread" },
    { href: "/admin", label: "Admin", show: roles.includes("admin") },
    { href: "/account", label: "Your account", show: true },
  ];
  return pages.filter((p) => p.show);
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
  const counts = useNavCounts(initialCounts, isApprover);
  const { unread } = counts;
  const pages = pagesFor(roles, canSeeSpend, counts);
  // One row even for someone with every role: the header names the pages used daily, More holds the rest (and, below the
  // lg breakpoint, the header's own second rank too).
  const headerLinks = pages.filter((p) => p.bar || p.header);
  const headerMore = pages.filter((p) => p.header || (!p.bar && !p.phoneMoreOnly));
  const barLinks = pages.filter((p) => p.bar);
  const phoneMore = pages.filter((p) => !p.bar);
  const typing = useTyping();
  const active = (href: string) => (href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`));

  return (
    <>
      <header className="border-b border-slate-200 bg-white" data-testid="portal-header">
        <div className="mx-auto flex max-w-6xl flex-nowrap items-center gap-4 px-4 py-2 lg:gap-6">
          <Link href="/" className="inline-flex min-h-11 shrink-0 items-center font-semibold whitespace-nowrap text-brand-700">
            Buyer Portal
          </Link>
          <nav aria-label="Main" className="hidden shrink-0 items-center md:flex lg:gap-1">
            {headerLinks.map((l) => (
              <Link
                key={l.href}
                href={l.href}
                aria-current={active(l.href) ? "page" : undefined}
                className={`${l.header ? "hidden lg:inline-flex" : "inline-flex"} min-h-11 items-center rounded-md px-2 text-sm whitespace-nowrap lg:px-3 ${active(l.href) ? "bg-brand-50 font-medium text-brand-800" : "text-slate-700 hover:bg-slate-100"}`}
              >
                {l.label}
                {l.count ? (
                  <span className="ml-1.5 rounded-full bg-brand-600 px-1.5 text-xs text-white" aria-label={`${l.count} ${l.countLabel}`}>
                    {l.count}
                  </span>
                ) : null}
              </Link>
            ))}
            {headerMore.length > 0 ? <HeaderMoreMenu pages={headerMore} active={active} /> : null}
          </nav>
          <div className="ml-auto flex min-w-0 items-center gap-2 text-sm lg:gap-3">
            {/* In the header on every screen size: the phone's bottom bar already holds its five. */}
            <Link
              href="/notifications"
              aria-label={unread ? `Notifications, ${unread} unread` : "Notifications"}
              aria-current={active("/notifications") ? "page" : undefined}
              className={`relative inline-flex min-h-11 min-w-11 shrink-0 items-center justify-center rounded-md ${active("/notifications") ? "bg-brand-50 text-brand-800" : "text-slate-700 hover:bg-slate-100"}`}
            >
              <BellIcon />
              {unread ? (
                <span
                  aria-hidden="true"
                  className="absolute top-1 right-1 min-w-4 rounded-full bg-brand-600 px-1 text-center text-[10px] leading-4 font-medium text-white"
                >
                  {unread > 99 ? "99+" : unread}
                </span>
              ) : null}
            </Link>
            {/* Between md and lg the desktop nav takes the room; a long name is cut short rather than wrap the header onto a second row. */}
            <span className="hidden min-w-0 truncate text-slate-600 sm:inline md:hidden lg:inline" data-testid="signed-in-as" title={userName}>
              {userName}
              {companyName ? ` · ${companyName}` : ""}
            </span>
            <button
              type="button"
              onClick={() => void signOutToLogin()}
              className="min-h-11 shrink-0 rounded-md px-2 whitespace-nowrap text-slate-700 hover:bg-slate-100 lg:px-3"
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
        style={{ gridTemplateColumns: `repeat(${barLinks.length + 1}, minmax(0, 1fr))` }}
      >
        {barLinks.map((l) => (
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
                <span className="sr-only"> {l.countLabel}</span>
              </span>
            ) : null}
          </Link>
        ))}
        <PhoneMoreSheet pages={phoneMore} active={active} />
      </nav>
    </>
  );
}

/** The header's last entry on a wide screen: the pages used less often, in a menu that closes on a choice, a click elsewhere or Escape. */
function HeaderMoreMenu({ pages, active }: { pages: NavPage[]; active: (href: string) => boolean }) {
  const pathname = usePathname();
  // Open on the page it was opened on: moving to another page (a choice, or Back) closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const setOpen = (next: boolean | ((was: boolean) => boolean)) => setOpenOn((typeof next === "function" ? next(open) : next) ? pathname : null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => ref.current && !ref.current.contains(e.target as Node) && setOpenOn(null);
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpenOn(null);
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);
  // Lists and Quotes are in the menu only below lg; the header itself marks them where they show.
  const here = pages.some((p) => !p.header && active(p.href));
  return (
    <div ref={ref} className="relative">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="header-more"
        onClick={() => setOpen((o) => !o)}
        className={`inline-flex min-h-11 items-center gap-1 rounded-md px-2 text-sm whitespace-nowrap lg:px-3 ${here ? "bg-brand-50 font-medium text-brand-800" : "text-slate-700 hover:bg-slate-100"}`}
      >
        More
        <span aria-hidden="true">▾</span>
      </button>
      <ul
        id="header-more"
        className={`absolute left-0 z-30 mt-1 min-w-44 rounded-md border border-slate-200 bg-white py-1 shadow-lg ${open ? "block" : "hidden"}`}
      >
        {pages.map((p) => (
          <li key={p.href} className={p.header ? "lg:hidden" : undefined}>
            <Link
              href={p.href}
              aria-current={active(p.href) ? "page" : undefined}
              onClick={() => setOpen(false)}
              className={`flex min-h-11 items-center px-3 text-sm whitespace-nowrap ${active(p.href) ? "bg-brand-50 font-medium text-brand-800" : "text-slate-700 hover:bg-slate-100"}`}
            >
              {p.label}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The bottom bar's last entry: a sheet with every other page this person may open (lists, quotes, quick order and the rest). */
function PhoneMoreSheet({ pages, active }: { pages: NavPage[]; active: (href: string) => boolean }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const pathname = usePathname();
  useEffect(() => dialog.current?.close(), [pathname]);
  const here = pages.some((p) => active(p.href));
  const unread = pages.find((p) => p.href === "/notifications")?.count ?? 0;
  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        onClick={() => dialog.current?.showModal()}
        className={`flex min-h-14 flex-col items-center justify-center text-xs ${here ? "font-semibold text-brand-700" : "text-slate-600"}`}
      >
        <span>More</span>
        {unread ? (
          <span className="rounded-full bg-brand-600 px-1.5 text-[10px] text-white">
            {unread}
            <span className="sr-only"> unread</span>
          </span>
        ) : null}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby="phone-more-title"
        // A tap on the dimmed page around the sheet closes it, as on any phone sheet.
        onClick={(e) => e.target === e.currentTarget && e.currentTarget.close()}
        className="fixed inset-x-0 top-auto bottom-0 m-0 max-h-[80vh] w-full max-w-none rounded-t-xl bg-white p-0 pb-[env(safe-area-inset-bottom)] text-slate-900 backdrop:bg-slate-900/40"
      >
        <div className="flex items-center justify-between border-b border-slate-200 px-4 py-1">
          <h2 id="phone-more-title" className="font-semibold">
            More
          </h2>
          <button type="button" onClick={() => dialog.current?.close()} className="min-h-11 min-w-11 rounded-md px-3 text-sm text-brand-700">
            Close
          </button>
        </div>
        <ul className="divide-y divide-slate-100 overflow-y-auto">
          {pages.map((p) => (
            <li key={p.href}>
              <Link
                href={p.href}
                aria-current={active(p.href) ? "page" : undefined}
                onClick={() => dialog.current?.close()}
                className={`flex min-h-12 items-center justify-between px-4 ${active(p.href) ? "font-semibold text-brand-700" : "text-slate-800"}`}
              >
                {p.label}
                {p.count ? (
                  <span className="rounded-full bg-brand-600 px-2 text-xs text-white">
                    {p.count}
                    <span className="sr-only"> {p.countLabel}</span>
                  </span>
                ) : null}
              </Link>
            </li>
          ))}
        </ul>
      </dialog>
    </>
  );
}

/**
 * next-auth's own sign-out without its client library, which would ship in every portal page's first load for this one
 * button: the same CSRF-checked POST that `signOut()` makes, then the login page.
 */
export async function signOutToLogin() {
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
      // The page keeping its badges fresh is not the person using the portal: a tab left open still goes idle.
      const background = { context: { background: true } };
      const [me, waitingForMe, unread] = await Promise.all([
        portalApi.me.get.query(undefined, background),
        isApprover ? portalApi.approvals.count.query(undefined, background) : Promise.resolve(0),
        portalApi.notifications.unreadCount.query(undefined, background),
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
