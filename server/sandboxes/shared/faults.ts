/**
 * Faults a test queues so the portal meets a supplier having a bad day: the
 * next `count` API requests (optionally only those under a path) answer 5xx
 * or 429, wait first, lose their connection before an answer, or lose it half
 * way through the answer. How a fault is applied is the same for every
 * sandbox; what its 5xx and 429 say is each supplier's own.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { sendEmpty, sendJson } from "./http";

export const FAULT_KINDS = ["status5xx", "status429", "latency", "drop", "truncate"] as const;
export type SandboxFaultKind = (typeof FAULT_KINDS)[number];

/** POST /_sandbox/faults */
export const faultRequest = z.object({
  kind: z.enum(FAULT_KINDS),
  count: z.number().int().min(1).max(10_000).default(1),
  latencyMs: z.number().int().min(0).max(120_000).default(2000),
  /** For status5xx. */
  status: z.number().int().min(500).max(599).default(503),
  /** For status429: the Retry-After value in seconds. */
  retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
  /** Only requests whose path (case-insensitive, without query) starts with this; default every API request. */
  pathPrefix: z.string().nullish(),
});

export interface SandboxFault {
  kind: SandboxFaultKind;
  /** How many more API requests this fault hits. */
  remaining: number;
  latencyMs: number;
  status: number;
  retryAfterSeconds: number;
  pathPrefix: string | null;
}

export class FaultQueue {
  private queued: SandboxFault[] = [];

  add(input: z.output<typeof faultRequest>): void {
    this.queued.push({
      kind: input.kind,
      remaining: input.count,
      latencyMs: input.latencyMs,
      status: input.status,
      retryAfterSeconds: input.retryAfterSeconds,
      pathPrefix: input.pathPrefix ?? null,
    });
  }

  list(): readonly SandboxFault[] {
    return this.queued;
  }

  /** The first queued fault that applies to `path`, counted down by one request. */
  take(path: string): SandboxFault | null {
    const lower = path.toLowerCase();
    const index = this.queued.findIndex((f) => !f.pathPrefix || lower.startsWith(f.pathPrefix.toLowerCase()));
    const fault = index >= 0 ? this.queued[index] : undefined;
    if (!fault) return null;
    fault.remaining--;
    if (fault.remaining <= 0) this.queued.splice(index, 1);
    return fault;
  }

  clear(): void {
    this.queued = [];
  }
}

/** An answer in the supplier's shape; no body is an empty one. */
export interface SupplierAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What each supplier says when it is down or over its limit. */
export interface FaultAnswers {
  unavailable(fault: SandboxFault): SupplierAnswer;
  rateLimited(fault: SandboxFault): SupplierAnswer;
}

export function sendAnswer(res: ServerResponse, answer: SupplierAnswer): void {
  if (answer.body === undefined) sendEmpty(res, answer.status, answer.headers);
  else sendJson(res, answer.status, answer.body, answer.headers);
}

/**
 * Applies a fault before the request is routed. Answers what the request log
 * should record when the fault answered it (or dropped it), or null when the
 * request goes on (after a latency fault's wait; a truncate fault cuts the
 * answer later, through sendTruncated).
 */
export async function applyFault(
  fault: SandboxFault | null,
  req: IncomingMessage,
  res: ServerResponse,
  answers: FaultAnswers,
): Promise<number | "dropped" | null> {
  if (!fault) return null;
  switch (fault.kind) {
    case "drop":
      req.socket.destroy();
      return "dropped";
    case "status5xx": {
      const answer = answers.unavailable(fault);
      sendAnswer(res, answer);
      return answer.status;
    }
    case "status429": {
      const answer = answers.rateLimited(fault);
      sendAnswer(res, answer);
      return answer.status;
    }
    case "latency":
      await new Promise<void>((resolve) => setTimeout(resolve, fault.latencyMs));
      return null;
    case "truncate":
      return null;
  }
}

/** Headers and half the body, then the connection goes away: a page dropped mid-transfer. The work behind it was done. */
export function sendTruncated(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.write(text.slice(0, Math.floor(text.length / 2)));
  setTimeout(() => req.socket.destroy(), 5);
}
