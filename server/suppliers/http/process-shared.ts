/**
 * A map shared by every copy of the supplier modules in one process. Next.js bundles the API route, the server
 * components and instrumentation (where the worker runs) separately, so a plain module-level Map exists once per
 * bundle: each bundle fetched its own token for one connection, and each bundle's limiter let the supplier's full
 * rate through. Per-connection state (tokens, limiters, caches) lives in these maps instead.
 */
export function processShared<V>(name: string): Map<string, V> {
  const store = globalThis as unknown as Record<symbol, Map<string, unknown> | undefined>;
  const key = Symbol.for(`buyer-portal/suppliers/${name}`);
  store[key] ??= new Map<string, unknown>();
  return store[key] as Map<string, V>;
}
