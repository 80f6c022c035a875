/**
 * One line per supplier HTTP attempt. The default writes with console.info and
 * is silent when SUPPLIER_LOG=silent (read at call time, so tests can flip it).
 * Entries carry method, path (never the query string), status, duration and
 * attempt number: never headers, tokens or secrets.
 */
import { processShared } from "./process-shared";

export interface AttemptLogEntry {
  supplier: string;
  method: string;
  path: string;
  /** HTTP status, or "timeout" / "network" when no response arrived. */
  status: number | "timeout" | "network";
  ms: number;
  attempt: number;
}

export interface SupplierLogger {
  info(line: string, entry?: AttemptLogEntry): void;
}

const sinks = processShared<(entry: AttemptLogEntry) => void>("log-sink");

/** Where attempt lines go instead of console.info: the portal's JSON logger, which adds the request id (server/logging.ts). */
export function registerSupplierLogSink(sink: ((entry: AttemptLogEntry) => void) | null): void {
  if (sink) sinks.set("sink", sink);
  else sinks.delete("sink");
}

export const defaultSupplierLogger: SupplierLogger = {
  info(line, entry) {
    if (process.env.SUPPLIER_LOG === "silent") return;
    const sink = sinks.get("sink");
    if (sink && entry) sink(entry);
    else console.info(line);
  },
};

export function formatAttempt(entry: AttemptLogEntry): string {
  return `[supplier:${entry.supplier}] ${entry.method} ${entry.path} ${entry.status} ${entry.ms}ms attempt=${entry.attempt}`;
}

/** A path as logged: never a query string or fragment (they may carry api keys, tokens, passwords). */
export function loggablePath(path: string): string {
  const cut = path.search(/[?#]/);
  return cut === -1 ? path : path.slice(0, cut);
}

export function logAttempt(logger: SupplierLogger, entry: AttemptLogEntry): void {
  try {
    const safe = { ...entry, path: loggablePath(entry.path) };
    logger.info(formatAttempt(safe), safe);
  } catch {
    // A broken logger must never break a supplier call.
  }
}
