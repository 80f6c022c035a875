/**
 * The Hypatos sandbox: a real HTTP server (node:http) on loopback speaking the parts of Hypatos REST API v2 the portal
 * uses, as shared/vendors/hypatos.md documents them, so the portal's client meets it over real sockets.
 *
 * As documented:
 * - POST /v2/auth/token: HTTP Basic client credentials and form grant_type=client_credentials only; 401 `Error`
 *   {title, detail, status} for bad credentials. Bearer tokens carry scopes; an endpoint without its scope is a 403.
 * - x-ratelimit-limit / -remaining / -reset on every response; over the window a 429 with the same headers.
 * - Files (raw PDF/JPEG/PNG/TIFF, X-Hy-Filename, 201 {id}; other types 400), process-file (202), documents, their
 *   states, paging offset/limit (limit clamped to 50, default 20).
 * - Enrichment insert (200 {id: uuid}; 422 HTTPValidationError {detail:[{loc,msg,type}]}), merge-patch, and a soft
 *   DELETE (204; 404 Problem {title, type, status, detail, instance}).
 *
 * Our choices where the docs are silent (sandbox only): a repeated insert of the same externalId replaces the record
 * (keeping its id), merge-patch exists for every resource used here, patching or deleting a deleted record is a 404;
 * the rate window is fixed per client (default 10 requests a second, the docs' example); processing walks
 * new -> processing -> extracted -> doneAutomatically over `processingMs`, or ends failed / rejected when told to.
 *
 * Control (loopback, no auth): POST /_sandbox/faults (shared), POST /_sandbox/documents/fail {documentId?, state?:
 * "failed"|"rejected", message?} (the named document, or the next one processed), POST /_sandbox/config
 * {rateLimit?:{requests, windowMs}, processingMs?, tokenTtlSeconds?}, POST /_sandbox/reset, GET /_sandbox/state,
 * GET /_sandbox/enrichment/{resource}.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { ControlRefusal, parseControlBody } from "../shared/control";
import { applyFault, FaultQueue, faultRequest, sendTruncated } from "../shared/faults";
import { listenOnLoopback, sendEmpty, sendJson } from "../shared/http";
import { IssuedTokens } from "../shared/tokens";
import {
  HYPATOS_SANDBOX_CLIENT_ID,
  HYPATOS_SANDBOX_CLIENT_SECRET,
  HYPATOS_SANDBOX_COMPANY_ID,
  HYPATOS_SANDBOX_PROJECT_ID,
  HYPATOS_SCOPES,
  parseInvoiceText,
  pdfText,
  sniffFileType,
  type ExtractedInvoice,
  type HypatosScope,
} from "./data";

export { HYPATOS_SANDBOX_CLIENT_ID, HYPATOS_SANDBOX_CLIENT_SECRET, HYPATOS_SANDBOX_COMPANY_ID, HYPATOS_SANDBOX_PROJECT_ID };

export const HYPATOS_ENRICHMENT_RESOURCES = ["purchase-orders", "goods-receipts", "suppliers", "companies", "cost-centers", "approvers"] as const;
export type HypatosEnrichmentResource = (typeof HYPATOS_ENRICHMENT_RESOURCES)[number];

export type HypatosDocumentState =
  | "new"
  | "processing"
  | "extracted"
  | "reviewRequired"
  | "inCompletion"
  | "done"
  | "doneAutomatically"
  | "rejected"
  | "junk"
  | "split"
  | "failed"
  | "transferred"
  | "transferFailed";

export interface SandboxFile {
  id: string;
  filename: string | null;
  contentType: string;
  bytes: Buffer;
}

export interface SandboxDocument {
  id: string;
  title: string;
  state: HypatosDocumentState;
  states: { state: HypatosDocumentState; updatedAt: string }[];
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  completedAt: string | null;
  fileId: string;
  projectId: string;
  externalId: string | null;
  externalData: Record<string, unknown> | null;
  entities: ExtractedInvoice | Record<string, never>;
  /** Why it failed, in the sandbox's words (Hypatos shows this in its UI; the API has only the state). */
  failureNote: string | null;
}

export interface EnrichmentRecord {
  id: string;
  externalId: string;
  body: Record<string, unknown>;
  deleted: boolean;
  /** Inserts that hit this externalId (a second one replaced the first). */
  inserts: number;
  patches: number;
}

export interface HypatosSandboxState {
  files: Map<string, SandboxFile>;
  documents: Map<string, SandboxDocument>;
  /** resource -> externalId -> record, soft-deleted ones kept. */
  enrichment: Map<HypatosEnrichmentResource, Map<string, EnrichmentRecord>>;
  faults: FaultQueue;
  tokens: IssuedTokens;
  tokenScopes: Map<string, HypatosScope[]>;
  /** Scopes granted to the client's next tokens (tests take some away). */
  clientScopes: HypatosScope[];
  rateLimit: { requests: number; windowMs: number };
  windows: Map<string, { startedAt: number; count: number }>;
  processingMs: number;
  /** Documents told to fail: a named id, or "next". */
  failNext: { state: "failed" | "rejected"; message: string } | null;
  failById: Map<string, { state: "failed" | "rejected"; message: string }>;
  apiRequests: number;
  requestLog: { method: string; path: string; status: number | "dropped" | "truncated" }[];
}

export interface HypatosSandboxOptions {
  port?: number;
  host?: string;
  processingMs?: number;
  rateLimit?: { requests: number; windowMs: number };
  tokenTtlSeconds?: number;
  scopes?: HypatosScope[];
  log?: (line: string) => void;
}

export interface HypatosSandbox {
  url: string;
  /** …/v2 */
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  projectId: string;
  companyId: string;
  state: HypatosSandboxState;
  /** Live (not deleted) records of a resource. */
  records(resource: HypatosEnrichmentResource): EnrichmentRecord[];
  close(): Promise<void>;
}

const hexId = () => randomBytes(12).toString("hex");
const HEX_ID = /^[0-9a-fA-F]{24}$/;
const MAX_FILE_BYTES = 20 * 1024 * 1024;

class HttpAnswer extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}
const errorShape = (status: number, title: string, detail: string) => new HttpAnswer(status, { title, detail, status });
const problem = (status: number, title: string, detail: string, instance: string) =>
  new HttpAnswer(status, { title, type: "about:blank", status, detail, instance });
const validation = (issues: { loc: (string | number)[]; msg: string; type: string }[]) => new HttpAnswer(422, { detail: issues });

async function readRaw(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > limit) throw errorShape(413, "Payload too large", `The body is larger than ${limit} bytes.`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function jsonBody(raw: Buffer): unknown {
  const text = raw.toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw validation([{ loc: ["body"], msg: "Expecting value: the body is not valid JSON", type: "value_error.jsondecode" }]);
  }
}

// Enrichment schemas, only as strict as the fact sheet's required fields and patterns: the portal must meet these.
const externalId = z.string().regex(/^\S+$/, 'string does not match regex "^\\S+$"');
const name = z.string().regex(/^[\S ]*\S[\S ]*$/, 'string does not match regex "^[\\S ]*\\S[\\S ]*$"');
const money = z.number().nullish();
const ENRICHMENT_SCHEMAS: Record<HypatosEnrichmentResource, z.ZodType<Record<string, unknown>>> = {
  "purchase-orders": z
    .object({
      externalId,
      createdDate: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, "invalid date format")
        .nullish(),
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/, "value is not a valid enumeration member")
        .nullish(),
      totalNetAmount: money,
      totalTaxAmount: money,
      totalGrossAmount: money,
      purchaseOrderLines: z
        .array(z.object({ purchaseOrderLineNumber: z.string().min(1), quantity: z.number().nullish(), unitPrice: money, netAmount: money }).passthrough())
        .nullish(),
    })
    .passthrough(),
  "goods-receipts": z
    .object({
      externalId,
      postingDate: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, "invalid date format")
        .nullish(),
      isReversal: z.boolean().nullish(),
      goodsReceiptLines: z.array(z.object({ quantity: z.number() }).passthrough()).min(1, "ensure this value has at least 1 items"),
    })
    .passthrough(),
  suppliers: z.object({ externalId, name }).passthrough(),
  companies: z.object({ externalId, name }).passthrough(),
  "cost-centers": z.object({ externalId, code: z.string().regex(/^\S([\S ]*\S)?$/, "string does not match regex") }).passthrough(),
  approvers: z.object({ externalId, email: z.email("value is not a valid email address").nullish() }).passthrough(),
};

function validateEnrichment(resource: HypatosEnrichmentResource, body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw validation([{ loc: ["body"], msg: "value is not a valid dict", type: "type_error.dict" }]);
  const result = ENRICHMENT_SCHEMAS[resource].safeParse(body);
  if (result.success) return body as Record<string, unknown>;
  throw validation(
    result.error.issues.map((issue) => {
      const missing = issue.code === "invalid_type" && issue.input === undefined;
      return {
        loc: ["body", ...issue.path.map((p) => (typeof p === "number" ? p : String(p)))],
        msg: missing ? "field required" : issue.message,
        type: missing ? "value_error.missing" : "value_error",
      };
    }),
  );
}

/** RFC 7396. */
function mergePatch(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (typeof value === "object" && !Array.isArray(value) && typeof out[key] === "object" && out[key] !== null && !Array.isArray(out[key]))
      out[key] = mergePatch(out[key] as Record<string, unknown>, value as Record<string, unknown>);
    else out[key] = value;
  }
  return out;
}

function documentView(doc: SandboxDocument) {
  return {
    id: doc.id,
    title: doc.title,
    state: doc.state,
    createdAt: doc.createdAt,
    createdBy: doc.createdBy,
    updatedAt: doc.updatedAt,
    updatedBy: doc.createdBy,
    completedAt: doc.completedAt,
    completedBy: doc.completedAt ? "automation" : null,
    fileId: doc.fileId,
    projectId: doc.projectId,
    externalId: doc.externalId,
    externalData: doc.externalData,
    entities: doc.entities,
  };
}

const failRequest = z.strictObject({
  documentId: z.string().regex(HEX_ID).optional(),
  state: z.enum(["failed", "rejected"]).default("failed"),
  message: z.string().default("The document could not be read."),
});
const configRequest = z.strictObject({
  rateLimit: z.object({ requests: z.number().int().min(1), windowMs: z.number().int().min(10) }).optional(),
  processingMs: z.number().int().min(0).max(120_000).optional(),
  tokenTtlSeconds: z.number().int().min(1).max(86_400).optional(),
  scopes: z.array(z.enum(HYPATOS_SCOPES)).optional(),
});

export async function startHypatosSandbox(options: HypatosSandboxOptions = {}): Promise<HypatosSandbox> {
  const state: HypatosSandboxState = {
    files: new Map(),
    documents: new Map(),
    enrichment: new Map(HYPATOS_ENRICHMENT_RESOURCES.map((r) => [r, new Map()])),
    faults: new FaultQueue(),
    tokens: new IssuedTokens("hy_", options.tokenTtlSeconds ?? 3600),
    tokenScopes: new Map(),
    clientScopes: [...(options.scopes ?? HYPATOS_SCOPES)],
    rateLimit: options.rateLimit ?? { requests: 10, windowMs: 1000 },
    windows: new Map(),
    processingMs: options.processingMs ?? 3000,
    failNext: null,
    failById: new Map(),
    apiRequests: 0,
    requestLog: [],
  };
  const log = options.log ?? (() => {});
  const timers = new Set<NodeJS.Timeout>();

  /** Counts the request against its caller's window and answers the three headers (and whether it is over). */
  const rate = (key: string): { headers: Record<string, string>; over: boolean } => {
    const now = Date.now();
    const { requests, windowMs } = state.rateLimit;
    let window = state.windows.get(key);
    if (!window || now - window.startedAt >= windowMs) {
      window = { startedAt: now, count: 0 };
      state.windows.set(key, window);
    }
    window.count++;
    const over = window.count > requests;
    const resetSeconds = Math.max(1, Math.ceil((window.startedAt + windowMs - now) / 1000));
    return {
      over,
      headers: {
        "x-ratelimit-limit": `${requests}, ${requests};w=${Math.max(1, Math.round(windowMs / 1000))}`,
        "x-ratelimit-remaining": String(Math.max(0, requests - window.count)),
        "x-ratelimit-reset": String(resetSeconds),
      },
    };
  };

  const setState = (doc: SandboxDocument, next: HypatosDocumentState) => {
    const at = new Date().toISOString();
    doc.state = next;
    doc.updatedAt = at;
    doc.states.push({ state: next, updatedAt: at });
    if (next === "doneAutomatically") doc.completedAt = at;
  };
  const later = (ms: number, fn: () => void | Promise<void>) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      void fn();
    }, ms);
    timers.add(timer);
  };

  const processDocument = (doc: SandboxDocument, file: SandboxFile) => {
    const step = state.processingMs / 3;
    const failure = state.failById.get(doc.id) ?? state.failNext;
    if (!state.failById.has(doc.id)) state.failNext = null;
    state.failById.delete(doc.id);
    later(step, () => setState(doc, "processing"));
    later(step * 2, async () => {
      if (failure) {
        doc.failureNote = failure.message;
        setState(doc, failure.state);
        return;
      }
      if (file.contentType !== "application/pdf") {
        // An image has no text layer; the sandbox does no OCR, so a human would have to review it.
        doc.entities = {};
        setState(doc, "reviewRequired");
        return;
      }
      try {
        doc.entities = parseInvoiceText(await pdfText(file.bytes));
        setState(doc, "extracted");
        later(step, () => setState(doc, "doneAutomatically"));
      } catch (error) {
        doc.failureNote = `The PDF could not be read: ${error instanceof Error ? error.message : String(error)}`;
        setState(doc, "failed");
      }
    });
  };

  const requireScope = (req: IncomingMessage, scope: HypatosScope): string => {
    const check = state.tokens.check(req.headers.authorization);
    if (check.kind === "missing") throw errorShape(401, "Unauthorized", "No bearer token was sent.");
    if (check.kind !== "valid") throw errorShape(401, "Unauthorized", "The access token is invalid or has expired.");
    if (!(state.tokenScopes.get(check.token) ?? []).includes(scope)) throw errorShape(403, "Forbidden", `The access token lacks the scope '${scope}'.`);
    return check.clientId;
  };

  const answerToken = async (req: IncomingMessage): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> => {
    const raw = (await readRaw(req, 64 * 1024)).toString("utf8");
    const invalid = errorShape(401, "Invalid client credentials", "The provided client credentials are not valid");
    const authorization = req.headers.authorization ?? "";
    if (!/^basic\s+/i.test(authorization)) throw invalid;
    const decoded = Buffer.from(authorization.replace(/^basic\s+/i, ""), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    // RFC 6749 2.3.1: each half is form-encoded before Basic joins them.
    const unescape = (v: string) => {
      try {
        return decodeURIComponent(v.replace(/\+/g, " "));
      } catch {
        return v;
      }
    };
    const id = colon >= 0 ? unescape(decoded.slice(0, colon)) : "";
    const secret = colon >= 0 ? unescape(decoded.slice(colon + 1)) : "";
    if (!(req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded"))
      throw errorShape(400, "Bad request", "The token request must be application/x-www-form-urlencoded.");
    const params = new URLSearchParams(raw);
    if (params.get("grant_type") !== "client_credentials") throw errorShape(400, "Bad request", "grant_type must be client_credentials.");
    if (id !== HYPATOS_SANDBOX_CLIENT_ID || secret !== HYPATOS_SANDBOX_CLIENT_SECRET) throw invalid;
    const { accessToken, expiresIn } = state.tokens.issue(id);
    state.tokenScopes.set(accessToken, [...state.clientScopes]);
    return {
      status: 200,
      body: { access_token: accessToken, token_type: "Bearer", expires_in: expiresIn, scope: state.clientScopes.join(" ") },
      headers: { "Cache-Control": "no-store", Pragma: "no-cache" },
    };
  };

  const answerApi = async (req: IncomingMessage, url: URL, parts: string[]): Promise<{ status: number; body?: unknown }> => {
    const method = req.method ?? "GET";
    const [first, second, third] = parts;

    if (first === "files" && second === undefined && method === "POST") {
      requireScope(req, "files.write");
      const bytes = await readRaw(req, MAX_FILE_BYTES);
      const declared = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
      const sniffed = sniffFileType(bytes);
      const allowed = ["application/pdf", "image/jpeg", "image/png", "image/tiff"];
      if (!allowed.includes(declared) || sniffed !== declared)
        throw errorShape(400, "Unsupported file type", `Send a PDF, JPEG, PNG or TIFF file with its Content-Type; got '${declared || "none"}'.`);
      const filename = (req.headers["x-hy-filename"] as string | undefined) ?? null;
      if (filename && filename.length > 256) throw errorShape(400, "Bad request", "X-Hy-Filename is longer than 256 characters.");
      const file: SandboxFile = { id: hexId(), filename, contentType: declared, bytes };
      state.files.set(file.id, file);
      return { status: 201, body: { id: file.id } };
    }

    if (first === "documents" && second === "process-file" && method === "POST") {
      const clientId = requireScope(req, "documents.write");
      const body = jsonBody(await readRaw(req, 64 * 1024)) as Record<string, unknown> | undefined;
      const fileId = body?.fileId;
      const projectId = body?.projectId;
      if (typeof fileId !== "string" || !HEX_ID.test(fileId)) throw errorShape(400, "Bad request", "fileId is required: the id POST /files answered.");
      if (typeof projectId !== "string" || !HEX_ID.test(projectId)) throw errorShape(400, "Bad request", "projectId is required.");
      const file = state.files.get(fileId);
      if (!file) throw errorShape(404, "Not found", `No file ${fileId}.`);
      if (projectId !== HYPATOS_SANDBOX_PROJECT_ID) throw errorShape(404, "Not found", `No project ${projectId}.`);
      const now = new Date().toISOString();
      const doc: SandboxDocument = {
        id: hexId(),
        title: file.filename ?? `document-${file.id}`,
        state: "new",
        states: [{ state: "new", updatedAt: now }],
        createdAt: now,
        createdBy: clientId,
        updatedAt: now,
        completedAt: null,
        fileId,
        projectId,
        externalId: typeof body?.externalId === "string" ? body.externalId : null,
        externalData: body?.externalData && typeof body.externalData === "object" ? (body.externalData as Record<string, unknown>) : null,
        entities: {},
        failureNote: null,
      };
      state.documents.set(doc.id, doc);
      processDocument(doc, file);
      return { status: 202, body: { documentId: doc.id, fileId, projectId } };
    }

    if (first === "documents" && second === undefined && method === "GET") {
      requireScope(req, "documents.read");
      const offset = Math.max(0, Number(url.searchParams.get("offset") ?? 0) || 0);
      const limit = Math.min(50, Math.max(0, Number(url.searchParams.get("limit") ?? 20) || 0));
      const states = url.searchParams.getAll("state");
      const fileId = url.searchParams.get("fileId");
      const projects = url.searchParams.getAll("projectId");
      const sort = url.searchParams.get("sort") ?? "-createdAt";
      const key = sort.replace(/^[+-]/, "") === "updatedAt" ? "updatedAt" : "createdAt";
      const sign = sort.startsWith("-") ? -1 : 1;
      const all = [...state.documents.values()]
        .filter(
          (d) =>
            (states.length === 0 || states.includes(d.state)) && (!fileId || d.fileId === fileId) && (projects.length === 0 || projects.includes(d.projectId)),
        )
        .sort((a, b) => sign * a[key].localeCompare(b[key]));
      return { status: 200, body: { data: all.slice(offset, offset + limit).map(documentView), limit, offset, totalCount: all.length } };
    }

    if (first === "documents" && second !== undefined && method === "GET") {
      requireScope(req, "documents.read");
      if (!HEX_ID.test(second)) throw errorShape(400, "Bad request", "documentId must match ^[0-9a-fA-F]{24}$.");
      const doc = state.documents.get(second);
      if (!doc) throw errorShape(404, "Not found", `No document ${second}.`);
      if (third === undefined && parts.length === 2) return { status: 200, body: documentView(doc) };
      if (third === "states" && parts.length === 3) return { status: 200, body: doc.states };
    }

    if (first === "enrichment" && second !== undefined) {
      const resource = second as HypatosEnrichmentResource;
      if (!HYPATOS_ENRICHMENT_RESOURCES.includes(resource)) throw errorShape(404, "Not found", `No enrichment resource '${second}'.`);
      const records = state.enrichment.get(resource)!;
      if (method === "POST" && third === undefined) {
        requireScope(req, "enrichment.write");
        const body = validateEnrichment(resource, jsonBody(await readRaw(req, 1024 * 1024)));
        const key = String(body.externalId);
        const existing = records.get(key);
        if (existing) {
          existing.body = body;
          existing.deleted = false;
          existing.inserts++;
          return { status: 200, body: { id: existing.id } };
        }
        const record: EnrichmentRecord = { id: randomUUID(), externalId: key, body, deleted: false, inserts: 1, patches: 0 };
        records.set(key, record);
        return { status: 200, body: { id: record.id } };
      }
      if (third !== undefined && parts.length === 3 && (method === "PATCH" || method === "DELETE")) {
        const key = decodeURIComponent(third);
        const record = records.get(key);
        const instance = `/v2/enrichment/${resource}/${third}`;
        if (method === "PATCH") {
          requireScope(req, "enrichment.write");
          if (!(req.headers["content-type"] ?? "").includes("application/merge-patch+json"))
            throw errorShape(415, "Unsupported media type", "Send the patch as application/merge-patch+json.");
          const patch = jsonBody(await readRaw(req, 1024 * 1024));
          if (typeof patch !== "object" || patch === null || Array.isArray(patch))
            throw validation([{ loc: ["body"], msg: "value is not a valid dict", type: "type_error.dict" }]);
          if (!record || record.deleted) throw problem(404, "Not found", `No ${resource} record with externalId ${key}.`, instance);
          const merged = validateEnrichment(resource, mergePatch(record.body, patch as Record<string, unknown>));
          record.body = merged;
          record.patches++;
          return { status: 200, body: { id: record.id, ...merged } };
        }
        requireScope(req, "enrichment.delete");
        if (!record || record.deleted) throw problem(404, "Not found", `No ${resource} record with externalId ${key}.`, instance);
        const lineNumber = url.searchParams.get("lineNumber");
        if (lineNumber && resource === "purchase-orders") {
          const lines = (record.body.purchaseOrderLines as { purchaseOrderLineNumber: string }[] | undefined) ?? [];
          if (!lines.some((l) => l.purchaseOrderLineNumber === lineNumber)) throw problem(404, "Not found", `No line ${lineNumber}.`, instance);
          record.body = { ...record.body, purchaseOrderLines: lines.filter((l) => l.purchaseOrderLineNumber !== lineNumber) };
        } else record.deleted = true;
        return { status: 204 };
      }
    }
    throw errorShape(404, "Not found", `No route ${method} /v2/${parts.join("/")}.`);
  };

  const answerControl = async (req: IncomingMessage, parts: string[]): Promise<{ status: number; body: unknown }> => {
    const method = req.method ?? "GET";
    const body = method === "POST" ? jsonBody(await readRaw(req, 64 * 1024)) : undefined;
    const [what, id] = parts;
    if (what === "faults" && method === "POST") {
      state.faults.add(parseControlBody(faultRequest, body));
      return { status: 200, body: { faults: state.faults.list() } };
    }
    if (what === "documents" && id === "fail" && method === "POST") {
      const input = parseControlBody(failRequest, body);
      const failure = { state: input.state, message: input.message };
      if (input.documentId) {
        const doc = state.documents.get(input.documentId);
        if (!doc) throw new ControlRefusal(404, `No document ${input.documentId}.`, "documentId");
        state.failById.set(doc.id, failure);
        // Already done: it fails now, as a reprocessing in Hypatos would.
        if (doc.state !== "new" && doc.state !== "processing") {
          doc.failureNote = failure.message;
          setState(doc, failure.state);
        }
      } else state.failNext = failure;
      return { status: 200, body: { failNext: state.failNext, documentId: input.documentId ?? null } };
    }
    if (what === "config" && method === "POST") {
      const input = parseControlBody(configRequest, body);
      if (input.rateLimit) {
        state.rateLimit = input.rateLimit;
        state.windows.clear();
      }
      if (input.processingMs !== undefined) state.processingMs = input.processingMs;
      if (input.tokenTtlSeconds !== undefined) state.tokens.ttlSeconds = input.tokenTtlSeconds;
      if (input.scopes) state.clientScopes = input.scopes;
      return { status: 200, body: { rateLimit: state.rateLimit, processingMs: state.processingMs, scopes: state.clientScopes } };
    }
    if (what === "reset" && method === "POST") {
      state.faults.clear();
      state.windows.clear();
      state.requestLog.length = 0;
      state.failNext = null;
      state.failById.clear();
      return { status: 200, body: { reset: true } };
    }
    if (what === "state" && method === "GET") {
      return {
        status: 200,
        body: {
          files: state.files.size,
          documents: state.documents.size,
          enrichment: Object.fromEntries([...state.enrichment].map(([r, m]) => [r, m.size])),
          tokensIssued: state.tokens.issued,
          apiRequests: state.apiRequests,
        },
      };
    }
    if (what === "enrichment" && id && method === "GET") {
      const records = state.enrichment.get(id as HypatosEnrichmentResource);
      if (!records) throw new ControlRefusal(404, `No enrichment resource '${id}'.`, "resource");
      return { status: 200, body: { records: [...records.values()] } };
    }
    throw new ControlRefusal(404, `No control route ${method} /_sandbox/${parts.join("/")}.`, null);
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://sandbox");
      const parts = url.pathname.split("/").filter(Boolean);
      if (parts[0] === "_sandbox") {
        try {
          const answer = await answerControl(req, parts.slice(1));
          sendJson(res, answer.status, answer.body);
        } catch (error) {
          if (error instanceof ControlRefusal)
            sendJson(res, error.status, { title: "Control refused", detail: error.message, status: error.status, field: error.field });
          else if (error instanceof HttpAnswer) sendJson(res, error.status, error.body);
          else sendJson(res, 500, { title: "Internal error", detail: String(error), status: 500 });
        }
        return;
      }
      if (parts[0] !== "v2") return sendJson(res, 404, { title: "Not found", detail: "The API lives under /v2.", status: 404 });
      state.apiRequests++;
      const path = url.pathname;
      const logged = (status: number | "dropped" | "truncated") => {
        state.requestLog.push({ method: req.method ?? "GET", path, status });
        log(`[hypatos-sandbox] ${req.method} ${path} -> ${status}`);
      };
      // The caller's window: its token when it has one, else its address (the token endpoint).
      const rateKey = /^Bearer\s+(\S+)/i.exec(req.headers.authorization ?? "")?.[1] ?? req.socket.remoteAddress ?? "anonymous";
      const { headers: rateHeaders, over } = rate(rateKey);
      const fault = state.faults.take(path.slice(3));
      const faulted = await applyFault(fault, req, res, {
        unavailable: (f) => ({
          status: f.status,
          body: { title: "Service unavailable", detail: "The sandbox was told to fail.", status: f.status },
          headers: rateHeaders,
        }),
        rateLimited: () => ({
          status: 429,
          body: { title: "Too Many Requests", detail: "The rate limit was exceeded.", status: 429 },
          headers: { ...rateHeaders, "x-ratelimit-remaining": "0" },
        }),
      });
      if (faulted !== null) return logged(faulted);
      if (over) {
        sendJson(res, 429, { title: "Too Many Requests", detail: "The rate limit was exceeded.", status: 429 }, rateHeaders);
        return logged(429);
      }
      try {
        const rest = parts.slice(1);
        const answer: { status: number; body?: unknown; headers?: Record<string, string> } =
          rest[0] === "auth" && rest[1] === "token" && rest.length === 2 && req.method === "POST" ? await answerToken(req) : await answerApi(req, url, rest);
        const headers = { ...rateHeaders, ...answer.headers };
        if (fault?.kind === "truncate") {
          sendTruncated(req, res, answer.status, answer.body ?? {}, headers);
          return logged("truncated");
        }
        if (answer.body === undefined) sendEmpty(res, answer.status, headers);
        else sendJson(res, answer.status, answer.body, headers);
        logged(answer.status);
      } catch (error) {
        const answer = error instanceof HttpAnswer ? error : errorShape(500, "Internal error", error instanceof Error ? error.message : String(error));
        if (!(error instanceof HttpAnswer)) log(`[hypatos-sandbox] ${String(error)}`);
        sendJson(res, answer.status, answer.body, rateHeaders);
        logged(answer.status);
      }
    })();
  };

  const listening = await listenOnLoopback(handler, { port: options.port, host: options.host });
  return {
    url: listening.origin,
    baseUrl: `${listening.origin}/v2`,
    tokenUrl: `${listening.origin}/v2/auth/token`,
    clientId: HYPATOS_SANDBOX_CLIENT_ID,
    clientSecret: HYPATOS_SANDBOX_CLIENT_SECRET,
    projectId: HYPATOS_SANDBOX_PROJECT_ID,
    companyId: HYPATOS_SANDBOX_COMPANY_ID,
    state,
    records: (resource) => [...state.enrichment.get(resource)!.values()].filter((r) => !r.deleted),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await listening.close();
    },
  };
}
