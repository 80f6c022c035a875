/**
 * How a use case asks the in-process worker for a pass now, after its transaction committed, instead of at the next
 * tick. The worker registers itself here; where no worker runs (tests drive passes themselves) a nudge does nothing.
 * Kept apart from worker.ts so that use cases the worker calls can nudge it without an import cycle.
 */
const registry = globalThis as unknown as { __portalWorkerNudge?: () => void };

export function registerWorkerNudge(nudge: (() => void) | undefined): void {
  registry.__portalWorkerNudge = nudge;
}

export function kickWorker(): void {
  registry.__portalWorkerNudge?.();
}
