/**
 * The portal's Hypatos client: a company's accounts-payable service, not a supplier, but reached with the same HTTP
 * machinery (server/suppliers/http): HTTP Basic client credentials for the token, the connection's limiter fed by
 * x-ratelimit-remaining / -reset, 429s and 5xx retried with backoff. Enrichment inserts are upserts keyed by our own
 * externalId, so they are retried like a GET: a repeat replaces the record, it never adds a second one.
 */
import { SupplierError } from "@/server/suppliers/errors";
import {
  connectionLimiter,
  createSupplierHttpClient,
  HYPATOS_RATE_LIMIT_PROFILE,
  sharedTokenCache,
  type ErrorDescription,
  type RetryPolicy,
  type SupplierHttpClient,
  type SupplierRequest,
} from "@/server/suppliers/http";
import { parseSupplierWire } from "@/server/suppliers/http/wire-parse";
import {
  documentStates,
  enrichmentInserted,
  hypatosDocument,
  hypatosErrorBody,
  hypatosProblemBody,
  hypatosValidationBody,
  listPage,
  processedFile,
  uploadedFile,
  type HypatosDocument,
  type HypatosDocumentState,
  type HypatosEnrichmentResource,
} from "./wire";

export const HYPATOS = "hypatos";

export interface HypatosSettings {
  /** …/v2 */
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  projectId: string;
  retry?: Partial<RetryPolicy>;
}

export type HypatosFileType = "application/pdf" | "image/jpeg" | "image/png" | "image/tiff";
export const HYPATOS_FILE_TYPES: readonly HypatosFileType[] = ["application/pdf", "image/jpeg", "image/png", "image/tiff"];

/** Reads the three documented error shapes; the field of a 422 is its `loc` without the leading "body". */
export function describeHypatosError(body: unknown): ErrorDescription {
  const validation = hypatosValidationBody.safeParse(body);
  if (validation.success) {
    const first = validation.data.detail[0]!;
    const loc = first.loc[0] === "body" ? first.loc.slice(1) : first.loc;
    const field = loc
      .map((p) => (typeof p === "number" ? `[${p}]` : String(p)))
      .join(".")
      .replace(/\.\[/g, "[");
    return { message: `Hypatos refused the field '${field}': ${first.msg}`, field: field || undefined, code: first.type };
  }
  const problem = hypatosProblemBody.safeParse(body);
  if (problem.success && problem.data.instance !== undefined)
    return { message: [problem.data.title, problem.data.detail].filter(Boolean).join(": "), code: problem.data.type };
  const error = hypatosErrorBody.safeParse(body);
  if (error.success) return { message: [error.data.title, error.data.detail].filter(Boolean).join(": ") };
  return {};
}

export interface HypatosClient {
  readonly settings: HypatosSettings;
  /** Gets a token with the connection's credentials (or reuses the one held), and nothing else. */
  signIn(): Promise<void>;
  /** How many documents the project holds, from one page of the list: what "Test connection" reads. */
  countDocuments(): Promise<{ total: number }>;
  uploadFile(bytes: Uint8Array, contentType: HypatosFileType, filename?: string): Promise<{ fileId: string }>;
  processFile(fileId: string, externalId?: string): Promise<{ documentId: string }>;
  getDocument(documentId: string): Promise<HypatosDocument>;
  getDocumentStates(documentId: string): Promise<{ state: HypatosDocumentState; updatedAt: string }[]>;
  /** Insert (an upsert by externalId): answers Hypatos' record id. */
  insert(resource: HypatosEnrichmentResource, record: { externalId: string } & Record<string, unknown>): Promise<{ id: string }>;
  upsertPurchaseOrder(order: { externalId: string } & Record<string, unknown>): Promise<{ id: string }>;
  insertGoodsReceipt(receipt: { externalId: string; goodsReceiptLines: unknown[] } & Record<string, unknown>): Promise<{ id: string }>;
  /** RFC 7396 merge-patch of a record sent before. */
  patch(resource: HypatosEnrichmentResource, externalId: string, changes: Record<string, unknown>): Promise<void>;
  /** Marks the record deleted; `false` when Hypatos has no such record (already deleted, or never sent). */
  delete(resource: HypatosEnrichmentResource, externalId: string): Promise<boolean>;
}

export function createHypatosClient(settings: HypatosSettings): HypatosClient {
  const tokens = sharedTokenCache({
    supplier: HYPATOS,
    tokenUrl: settings.tokenUrl,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    auth: "basic",
  });
  const http: SupplierHttpClient = createSupplierHttpClient({
    supplier: HYPATOS,
    baseUrl: settings.baseUrl,
    tokens,
    limiter: connectionLimiter(`${HYPATOS}:${settings.baseUrl}:${settings.clientId}`, HYPATOS_RATE_LIMIT_PROFILE),
    describeError: describeHypatosError,
    retry: settings.retry,
  });
  const send = (request: SupplierRequest) => http.request(request);
  const parse = <T>(schema: Parameters<typeof parseSupplierWire>[2], body: unknown, what: string) =>
    parseSupplierWire("Hypatos", HYPATOS, schema, body, what) as T;
  const path = (resource: HypatosEnrichmentResource, externalId?: string) =>
    `/enrichment/${resource}${externalId === undefined ? "" : `/${encodeURIComponent(externalId)}`}`;

  const insert: HypatosClient["insert"] = async (resource, record) => {
    const answer = await send({ method: "POST", path: path(resource), body: record, repeatable: true });
    return parse(enrichmentInserted, answer.body, `${resource} insert answer`);
  };

  return {
    settings,
    async signIn() {
      await tokens.getToken();
    },
    async countDocuments() {
      const answer = await send({ method: "GET", path: "/documents", query: { projectId: settings.projectId, limit: 1 } });
      return { total: parse<{ totalCount: number }>(listPage, answer.body, "document list").totalCount };
    },
    async uploadFile(bytes, contentType, filename) {
      const headers: Record<string, string> = {};
      // The header is ≤ 256 characters and travels as latin-1; a name that cannot is left out (Hypatos then names it itself).
      if (filename && filename.length <= 256 && /^[\x20-\x7e]*$/.test(filename)) headers["X-Hy-Filename"] = filename;
      // An upload that lost its answer only leaves an orphan file: safe to repeat.
      const answer = await send({ method: "POST", path: "/files", rawBody: bytes, contentType, headers, repeatable: true });
      return { fileId: parse<{ id: string }>(uploadedFile, answer.body, "file upload answer").id };
    },
    async processFile(fileId, externalId) {
      const answer = await send({
        method: "POST",
        path: "/documents/process-file",
        body: { fileId, projectId: settings.projectId, ...(externalId ? { externalId } : {}) },
      });
      return { documentId: parse<{ documentId: string }>(processedFile, answer.body, "process-file answer").documentId };
    },
    async getDocument(documentId) {
      const answer = await send({ method: "GET", path: `/documents/${encodeURIComponent(documentId)}` });
      return parse<HypatosDocument>(hypatosDocument, answer.body, "document");
    },
    async getDocumentStates(documentId) {
      const answer = await send({ method: "GET", path: `/documents/${encodeURIComponent(documentId)}/states` });
      return parse(documentStates, answer.body, "document states");
    },
    insert,
    upsertPurchaseOrder: (order) => insert("purchase-orders", order),
    insertGoodsReceipt: (receipt) => insert("goods-receipts", receipt),
    async patch(resource, externalId, changes) {
      // Merge-patch is idempotent: the same patch twice leaves the same record.
      await send({ method: "PATCH", path: path(resource, externalId), body: changes, contentType: "application/merge-patch+json", repeatable: true });
    },
    async delete(resource, externalId) {
      try {
        await send({ method: "DELETE", path: path(resource, externalId) });
        return true;
      } catch (error) {
        if (error instanceof SupplierError && error.kind === "not_found") return false;
        throw error;
      }
    },
  };
}
