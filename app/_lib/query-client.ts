import { defaultShouldDehydrateQuery, MutationCache, QueryClient } from "@tanstack/react-query";
import superjson from "superjson";
import { PORTAL_CHANGED_EVENT } from "./portal-api";

export function makeQueryClient() {
  return new QueryClient({
    // The navigation's counts live outside React Query (it is not in the first load of every page): tell it something changed.
    mutationCache: new MutationCache({ onSuccess: () => (typeof window === "undefined" ? undefined : window.dispatchEvent(new Event(PORTAL_CHANGED_EVENT))) }),
    defaultOptions: {
      queries: { staleTime: 30_000, retry: (count, error) => count < 2 && !isClientError(error) },
      dehydrate: {
        serializeData: superjson.serialize,
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
      hydrate: { deserializeData: superjson.deserialize },
    },
  });
}

function isClientError(error: unknown): boolean {
  const status = (error as { data?: { httpStatus?: number } } | null)?.data?.httpStatus;
  return typeof status === "number" && status >= 400 && status < 500;
}
