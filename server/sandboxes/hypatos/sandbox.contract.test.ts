import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { invoicePdf } from "./invoice-pdf";
import { startHypatosSandbox, type HypatosSandbox } from "./sandbox";

let sandbox: HypatosSandbox;

beforeAll(async () => {
  sandbox = await startHypatosSandbox({ processingMs: 300, rateLimit: { requests: 1000, windowMs: 1000 } });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await control("config", { rateLimit: { requests: 1000, windowMs: 1000 }, scopes: [...allScopes] });
  await control("reset", {});
});

const allScopes = ["enrichment.write", "enrichment.delete", "files.write", "files.read", "documents.read", "documents.write"];

async function control(path: string, body: unknown) {
  const res = await fetch(`${sandbox.url}/_sandbox/${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function token(): Promise<string> {
  const res = await fetch(sandbox.tokenUrl, {
    method: "POST",
    headers: {
      Authorization: `Basic ${Buffer.from(`${sandbox.clientId}:${sandbox.clientSecret}`).toString("base64")}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function api(method: string, path: string, init: { token?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.json !== undefined) headers["Content-Type"] ??= "application/json";
  const res = await fetch(`${sandbox.baseUrl}${path}`, { method, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

async function waitForState(t: string, documentId: string, states: string[]): Promise<Record<string, unknown>> {
  for (;;) {
    const doc = await api("GET", `/documents/${documentId}`, { token: t });
    if (states.includes(doc.body?.state as string)) return doc.body!;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const samplePdf = () =>
  invoicePdf({
    number: "INV-7781",
    date: "2026-12-01",
    supplierName: "Hygrade Supplies Ltd",
    poNumber: "PO-2026-0042",
    currency: "EUR",
    lines: [
      { itemCode: "HG-100", description: "Copy paper A4", quantity: 10, unitPrice: "4.50", lineTotal: "45.00" },
      { itemCode: "HG-200", description: "Stapler", quantity: 2, unitPrice: "12.00", lineTotal: "24.00" },
    ],
    net: "69.00",
    tax: "13.11",
    total: "82.11",
  });

describe("Hypatos sandbox: token", () => {
  it("issues a bearer token for HTTP Basic client credentials with its scopes", async () => {
    const res = await fetch(sandbox.tokenUrl, {
      method: "POST",
      headers: {
        Authorization: `Basic ${Buffer.from(`${sandbox.clientId}:${sandbox.clientSecret}`).toString("base64")}`,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "grant_type=client_credentials",
    });
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(200);
    expect(body.token_type).toBe("Bearer");
    expect(String(body.scope).split(" ")).toContain("enrichment.write");
    expect(res.headers.get("x-ratelimit-remaining")).toMatch(/^\d+$/);
  });

  it("refuses credentials in the form body (only Basic is documented) with the Error shape", async () => {
    const res = await fetch(sandbox.tokenUrl, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `grant_type=client_credentials&client_id=${sandbox.clientId}&client_secret=${sandbox.clientSecret}`,
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ title: "Invalid client credentials", detail: "The provided client credentials are not valid", status: 401 });
  });

  it("refuses a wrong secret", async () => {
    const res = await fetch(sandbox.tokenUrl, {
      method: "POST",
      headers: { Authorization: `Basic ${Buffer.from(`${sandbox.clientId}:nope`).toString("base64")}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
    expect(res.status).toBe(401);
  });
});

describe("Hypatos sandbox: auth, scopes and rate limits", () => {
  it("answers 401 without a token and 403 naming the scope the token lacks", async () => {
    expect((await api("GET", "/documents")).status).toBe(401);
    await control("config", { scopes: ["documents.read"] });
    const t = await token();
    const denied = await api("POST", "/enrichment/suppliers", { token: t, json: { externalId: "S1", name: "Hygrade" } });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ status: 403, title: "Forbidden" });
    expect(String(denied.body?.detail)).toContain("enrichment.write");
    expect((await api("GET", "/documents", { token: t })).status).toBe(200);
  });

  it("counts down x-ratelimit-remaining and answers 429 with the three headers over the window", async () => {
    const t = await token();
    await control("config", { rateLimit: { requests: 3, windowMs: 60_000 } });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await api("GET", "/documents", { token: t }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(answers.map((a) => a.headers.get("x-ratelimit-remaining"))).toEqual(["2", "1", "0", "0"]);
    expect(answers[3]!.headers.get("x-ratelimit-limit")).toBe("3, 3;w=60");
    expect(Number(answers[3]!.headers.get("x-ratelimit-reset"))).toBeGreaterThan(0);
  });
});

describe("Hypatos sandbox: files and documents", () => {
  it("extracts an uploaded invoice PDF: states new -> processing -> extracted -> doneAutomatically, header and lines", async () => {
    const t = await token();
    const file = await api("POST", "/files", {
      token: t,
      body: new Blob([Buffer.from(await samplePdf())]),
      headers: { "Content-Type": "application/pdf", "X-Hy-Filename": "inv.pdf" },
    });
    expect(file.status).toBe(201);
    const processed = await api("POST", "/documents/process-file", {
      token: t,
      json: { fileId: file.body?.id, projectId: sandbox.projectId, externalId: "our-1" },
    });
    expect(processed.status).toBe(202);
    const documentId = processed.body?.documentId as string;
    const doc = await waitForState(t, documentId, ["doneAutomatically"]);
    expect(doc).toMatchObject({ title: "inv.pdf", externalId: "our-1", fileId: file.body?.id, projectId: sandbox.projectId });
    expect(doc.entities).toEqual({
      number: "INV-7781",
      date: "2026-12-01",
      supplierName: "Hygrade Supplies Ltd",
      purchaseOrderNumber: "PO-2026-0042",
      currency: "EUR",
      netAmount: 69,
      taxAmount: 13.11,
      totalAmount: 82.11,
      items: [
        { itemCode: "HG-100", name: "Copy paper A4", qty: 10, unitPrice: 4.5, total: 45 },
        { itemCode: "HG-200", name: "Stapler", qty: 2, unitPrice: 12, total: 24 },
      ],
    });
    const states = await api("GET", `/documents/${documentId}/states`, { token: t });
    expect((states.body as unknown as { state: string }[]).map((s) => s.state)).toEqual(["new", "processing", "extracted", "doneAutomatically"]);
  });

  it("refuses an unsupported file type with 400 and the Error shape", async () => {
    const t = await token();
    const res = await api("POST", "/files", { token: t, body: "hello", headers: { "Content-Type": "text/plain" } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, title: "Unsupported file type" });
  });

  it("fails the next document when told to, and a named one", async () => {
    const t = await token();
    await control("documents/fail", { state: "rejected", message: "Not an invoice" });
    const file = await api("POST", "/files", { token: t, body: new Blob([Buffer.from(await samplePdf())]), headers: { "Content-Type": "application/pdf" } });
    const first = await api("POST", "/documents/process-file", { token: t, json: { fileId: file.body?.id, projectId: sandbox.projectId } });
    const second = await api("POST", "/documents/process-file", { token: t, json: { fileId: file.body?.id, projectId: sandbox.projectId } });
    expect((await waitForState(t, first.body?.documentId as string, ["rejected", "doneAutomatically"])).state).toBe("rejected");
    expect((await waitForState(t, second.body?.documentId as string, ["failed", "doneAutomatically"])).state).toBe("doneAutomatically");
    await control("documents/fail", { documentId: second.body?.documentId, state: "failed" });
    expect((await api("GET", `/documents/${second.body?.documentId as string}`, { token: t })).body?.state).toBe("failed");
  });

  it("pages documents with offset and a limit clamped to 50", async () => {
    const t = await token();
    const res = await api("GET", "/documents?offset=0&limit=500", { token: t });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ limit: 50, offset: 0 });
    expect(typeof res.body?.totalCount).toBe("number");
    expect((await api("GET", "/documents/nothex", { token: t })).status).toBe(400);
    expect((await api("GET", "/documents/0123456789abcdef01234567", { token: t })).status).toBe(404);
  });
});

describe("Hypatos sandbox: enrichment", () => {
  it("inserts, upserts the same externalId, merge-patches and soft-deletes a purchase order", async () => {
    const t = await token();
    const po = { externalId: "so-1", currency: "EUR", status: "OPEN", purchaseOrderLines: [{ purchaseOrderLineNumber: "1", quantity: 2, unitPrice: 4.5 }] };
    const first = await api("POST", "/enrichment/purchase-orders", { token: t, json: po });
    const again = await api("POST", "/enrichment/purchase-orders", { token: t, json: { ...po, status: "OPEN" } });
    expect(first.status).toBe(200);
    expect(again.body?.id).toBe(first.body?.id);
    expect(sandbox.records("purchase-orders").filter((r) => r.externalId === "so-1")).toHaveLength(1);

    const patched = await api("PATCH", "/enrichment/purchase-orders/so-1", {
      token: t,
      json: { status: "CLOSED", totalNetAmount: 9 },
      headers: { "Content-Type": "application/merge-patch+json" },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ status: "CLOSED", totalNetAmount: 9, currency: "EUR" });

    expect((await api("DELETE", "/enrichment/purchase-orders/so-1", { token: t })).status).toBe(204);
    const gone = await api("DELETE", "/enrichment/purchase-orders/so-1", { token: t });
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ title: "Not found", type: "about:blank", status: 404, instance: "/v2/enrichment/purchase-orders/so-1" });
    expect(sandbox.state.enrichment.get("purchase-orders")!.get("so-1")?.deleted).toBe(true);
  });

  it("answers 422 HTTPValidationError naming the field", async () => {
    const t = await token();
    const missing = await api("POST", "/enrichment/suppliers", { token: t, json: { name: "Hygrade" } });
    expect(missing.status).toBe(422);
    expect(missing.body).toEqual({ detail: [{ loc: ["body", "externalId"], msg: "field required", type: "value_error.missing" }] });
    const spaced = await api("POST", "/enrichment/purchase-orders", { token: t, json: { externalId: "has space" } });
    expect((spaced.body?.detail as { loc: string[] }[])[0]!.loc).toEqual(["body", "externalId"]);
    const receipt = await api("POST", "/enrichment/goods-receipts", { token: t, json: { externalId: "gr-1", goodsReceiptLines: [] } });
    expect((receipt.body?.detail as { loc: string[] }[])[0]!.loc).toEqual(["body", "goodsReceiptLines"]);
  });
});
