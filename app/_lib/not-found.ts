import { notFound } from "next/navigation";

/**
 * For a page about one object named in its address (a requisition, a quote, a list): when the server says there is no
 * such object for this person (missing, another company's, or an id that cannot be one), the page is the portal's
 * not-found page, as for any unknown address, rather than an error box on an empty page.
 */
export function notFoundWhenMissing(error: { data?: { code?: string; field?: string | null } | null } | null): void {
  const code = error?.data?.code;
  // A malformed id is refused as input; the query takes nothing else from the address, so it names no object either.
  if (code === "NOT_FOUND" || code === "BAD_REQUEST") notFound();
}
