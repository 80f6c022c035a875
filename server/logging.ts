/**
 * The portal's one logger: JSON lines (pino) on stdout, each carrying the request id of the request it serves. The id
 * comes from the x-request-id header (the balancer's, or one made here), is kept for the request's async work
 * (AsyncLocalStorage), stored on the outbox rows the request queues, and put back around the worker's handling of
 * them, so a checkout's line, the worker's line that places the order and the supplier call it makes share one id.
 * Secret-bearing fields are redacted by name; callers log ids and outcomes, never headers or bodies.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import pino from "pino";
import { registerSupplierLogSink } from "@/server/suppliers/http/logger";

const requestScope = new AsyncLocalStorage<{ requestId: string }>();

export const logger = pino(
  {
    base: { pid: process.pid },
    level: process.env.LOG_LEVEL ?? "info",
    redact: {
      paths: ["password", "secret", "token", "authorization", "cookie", "*.password", "*.secret", "*.token", "*.authorization", "*.cookie"],
      censor: "[redacted]",
    },
    mixin: () => {
      const requestId = requestScope.getStore()?.requestId;
      return requestId ? { requestId } : {};
    },
  },
  // Through process.stdout (not pino's own fd writer), so whatever watches the process's output sees every line.
  process.stdout,
);

/** A request id as sent (letters, digits, `-_.:`, at most 100), or a new one: a header is not trusted to be anything else. */
export function requestIdFrom(header: string | null | undefined): string {
  return header && /^[\w.:-]{1,100}$/.test(header) ? header : randomUUID();
}

export function withRequestId<T>(requestId: string | null | undefined, work: () => T): T {
  return requestId ? requestScope.run({ requestId }, work) : work();
}

export function currentRequestId(): string | null {
  return requestScope.getStore()?.requestId ?? null;
}

/** Supplier attempt lines (method, path without query, status, ms, attempt) as JSON lines with the request id. */
export function logSupplierCallsAsJson(): void {
  registerSupplierLogSink((entry) => logger.info({ supplierCall: entry }, `supplier ${entry.supplier} ${entry.method} ${entry.path} ${entry.status}`));
}
