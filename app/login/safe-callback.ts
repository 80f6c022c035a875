/** Only paths inside the portal: an open redirect would let a link send buyers to someone else's site. */
export function safeCallback(value: string | undefined): string {
  if (!value) return "/";
  try {
    const url = new URL(value, "http://portal.local");
    if (url.origin !== "http://portal.local" && !value.startsWith("/")) return "/";
    return url.pathname.startsWith("/login") ? "/" : `${url.pathname}${url.search}`;
  } catch {
    return "/";
  }
}
