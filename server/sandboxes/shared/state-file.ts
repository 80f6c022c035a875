/**
 * A sandbox's state across restarts: what an order's later life needs (orders,
 * quotes, approvals, idempotency records, changed items, id counters) is read
 * from one JSON file at start and written back after every change. Without it
 * `npm start` run again brings up sandboxes that have forgotten every order
 * the portal placed, and the portal polls 404s for orders that never move.
 *
 * Writes are debounced (a burst of changes is one write) and atomic (a temp
 * file renamed over the old one), so a crash mid-write leaves the previous
 * state, never half a file; close() flushes. A file that cannot be read or
 * does not hold this sandbox's state must not stop the sandbox: it starts
 * empty and says so in one log line. Tokens, rate buckets and faults are not
 * saved: the portal's clients renew a token after a 401 anyway.
 */
import { readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

const FORMAT = "buyer-portal-sandbox-state";
const VERSION = 1;

export interface StateFile<T> {
  /** What the file held at start; null when there was no file yet, or one that could not be used (logged). */
  readonly loaded: T | null;
  /** Something worth keeping changed: write it soon. */
  changed(): void;
  /** Writes what is pending now; resolves once it is on disk. */
  flush(): Promise<void>;
}

export interface StateFileOptions<T> {
  file: string;
  /** e.g. "hygrade": a file saved by another sandbox is not loaded. */
  sandbox: string;
  schema: z.ZodType<T>;
  /** The state to write, read at write time (so a burst of changes writes the last one). */
  snapshot: () => T;
  debounceMs?: number;
  log?: (line: string) => void;
}

export function openStateFile<T>(options: StateFileOptions<T>): StateFile<T> {
  const { file, sandbox, schema, snapshot } = options;
  const log = options.log ?? ((line: string) => console.warn(line));
  const debounceMs = options.debounceMs ?? 100;
  const envelope = z.object({ format: z.literal(FORMAT), version: z.literal(VERSION), sandbox: z.literal(sandbox), savedAt: z.string(), state: schema });

  let loaded: T | null = null;
  let text: string | null = null;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT")
      log(`[${sandbox}-sandbox] state file ${file} could not be read (${reasonOf(error)}); starting empty`);
  }
  if (text !== null) {
    try {
      const parsed = envelope.safeParse(JSON.parse(text));
      if (parsed.success) loaded = parsed.data.state;
      else log(`[${sandbox}-sandbox] state file ${file} does not hold ${sandbox} sandbox state (${describeIssue(parsed.error)}); starting empty`);
    } catch (error) {
      log(`[${sandbox}-sandbox] state file ${file} is not valid JSON (${reasonOf(error)}); starting empty`);
    }
  }

  const temp = `${file}.${process.pid}.tmp`;
  let dirty = false;
  let timer: NodeJS.Timeout | null = null;
  // One write at a time, in order: a later snapshot never lands before an earlier one.
  let writes: Promise<void> = Promise.resolve();

  const write = (): Promise<void> => {
    writes = writes.then(async () => {
      if (!dirty) return;
      dirty = false;
      try {
        const body = JSON.stringify({ format: FORMAT, version: VERSION, sandbox, savedAt: new Date().toISOString(), state: snapshot() });
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(temp, body);
        await rename(temp, file);
      } catch (error) {
        log(`[${sandbox}-sandbox] could not save state to ${file} (${reasonOf(error)}); will try again on the next change`);
      }
    });
    return writes;
  };

  return {
    loaded,
    changed() {
      dirty = true;
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        void write();
      }, debounceMs);
      // A pending write never keeps a process alive; close() flushes it.
      timer.unref();
    },
    flush() {
      if (timer) clearTimeout(timer);
      timer = null;
      return write();
    },
  };
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const where = issue.path.map(String).join(".");
  return where ? `${where}: ${issue.message}` : issue.message;
}
