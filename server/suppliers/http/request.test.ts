import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startHygradeSandbox, type HygradeSandbox } from "@/server/sandboxes/hygrade/sandbox";
import { sandboxControl } from "@/server/sandboxes/shared/control-client";
import type { AttemptLogEntry, SupplierLogger } from "./logger";
import { TokenBucket } from "./rate-limiter";
import { isRetryable, kindForStatus, supplierFetch, type BearerTokenSource, type SupplierHttpOptions } from "./request";
import { TokenCache } from "./token-cache";
import { DOCUMENTED_HYGRADE_ORDER } from "@/server/sandboxes/hygrade/data";
import { supplierFailure } from "../testing";

let sandbox: HygradeSandbox;
let tokens: TokenCache;
const entries: AttemptLogEntry[] = [];
const lines: string[] = [];
const logger: SupplierLogger = {
  info(line, entry) {
    lines.push(line);
    if (entry) entries.push(entry);
  },
};

const orderBody = DOCUMENTED_HYGRADE_ORDER;

function http(overrides: Partial<SupplierHttpOptions> = {}): SupplierHttpOptions {
  return {
    supplier: "hygrade",
    baseUrl: sandbox.baseUrl,
    tokens,
    limiter: new TokenBucket({ ratePerSecond: 120, burst: 240 }),
    logger,
    retry: { baseDelayMs: 20, maxDelayMs: 100, timeoutMs: 2000, deadlineMs: 10_000 },
    ...overrides,
  };
}

const failure = supplierFailure;

const apiStatuses = () => entries.filter((e) => e.path.startsWith("/v1")).map((e) => e.status);

beforeAll(async () => {
  sandbox = await startHygradeSandbox({ port: 0 });
  tokens = new TokenCache({ supplier: "hygrade", tokenUrl: sandbox.tokenUrl, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, logger });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await sandboxControl(sandbox.url, "/reset", { orders: true });
  entries.length = 0;
  lines.length = 0;
});

describe("supplierFetch against the Hygrade sandbox", () => {
  it("sends the bearer token and returns parsed JSON; logs one line per attempt without secrets", async () => {
    const response = await supplierFetch(http(), { method: "GET", path: "/customers/ACME001" });
    expect(response.status).toBe(200);
    expect(response.attempts).toBe(1);
    expect(response.body).toMatchObject({ id: "ACME001", object: "customer" });
    expect(lines).toContainEqual(expect.stringMatching(/^\[supplier:hygrade\] GET \/v1\/customers\/ACME001 200 \d+ms attempt=1$/));
    const token = await tokens.getToken();
    expect(lines.join("\n")).not.toContain(token);
    expect(lines.join("\n")).not.toContain(sandbox.clientSecret);
  });

  it("retries a burst of 5xx, then succeeds", async () => {
    await sandboxControl(sandbox.url, "/faults", { kind: "status5xx", count: 3 });
    const response = await supplierFetch(http(), { method: "GET", path: "/customers/ACME001" });
    expect(response.status).toBe(200);
    expect(apiStatuses()).toEqual([503, 503, 503, 200]);
  });

  it("gives up after maxAttempts (default 4) with kind unavailable", async () => {
    await sandboxControl(sandbox.url, "/faults", { kind: "status5xx", count: 6, status: 502 });
    const error = await failure(supplierFetch(http(), { method: "GET", path: "/customers/ACME001" }));
    expect(error.kind).toBe("unavailable");
    expect(error.details.status).toBe(502);
    expect(error.retryable).toBe(true);
    expect(apiStatuses()).toEqual([502, 502, 502, 502]);
  });

  it("retries a GET whose connection was dropped", async () => {
    await sandboxControl(sandbox.url, "/faults", { kind: "drop", count: 1 });
    const response = await supplierFetch(http(), { method: "GET", path: "/catalog/items", query: { cust_id: "ACME001", limit: 5 } });
    expect(response.status).toBe(200);
    expect(apiStatuses()).toEqual(["network", 200]);
  });

  it("retries an attempt that timed out", async () => {
    await sandboxControl(sandbox.url, "/faults", { kind: "latency", count: 1, latencyMs: 1500 });
    const response = await supplierFetch(http({ retry: { baseDelayMs: 20, maxDelayMs: 100, timeoutMs: 300 } }), { method: "GET", path: "/customers/ACME001" });
    expect(response.status).toBe(200);
    expect(apiStatuses()).toEqual(["timeout", 200]);
  });

  it("never retries a POST without an Idempotency-Key (5xx or dropped connection)", async () => {
    await sandboxControl(sandbox.url, "/faults", { kind: "status5xx", count: 1 });
    const first = await failure(supplierFetch(http(), { method: "POST", path: "/orders", body: orderBody }));
    expect(first.kind).toBe("unavailable");
    expect(apiStatuses()).toEqual([503]);

    entries.length = 0;
    await sandboxControl(sandbox.url, "/faults", { kind: "drop", count: 1 });
    const second = await failure(supplierFetch(http(), { method: "POST", path: "/orders", body: orderBody }));
    expect(second.kind).toBe("unavailable");
    expect(second.details.code).toBe("network");
    expect(apiStatuses()).toEqual(["network"]);
    expect(sandbox.state.orders.size).toBe(0);
  });

  it("retries a POST with an Idempotency-Key, and the supplier acts once", async () => {
    await sandboxControl(sandbox.url, "/faults", { kind: "drop", count: 1 });
    await sandboxControl(sandbox.url, "/faults", { kind: "status5xx", count: 1 });
    const response = await supplierFetch(http(), { method: "POST", path: "/orders", body: orderBody, idempotencyKey: "key-post-retry" });
    expect(response.status).toBe(201);
    expect(apiStatuses()).toEqual(["network", 503, 201]);
    expect(sandbox.state.orders.size).toBe(1);
  });

  it("waits out a 429 using Retry-After", async () => {
    await sandboxControl(sandbox.url, "/faults", { kind: "status429", count: 1, retryAfterSeconds: 1 });
    const started = Date.now();
    const response = await supplierFetch(http(), { method: "GET", path: "/customers/ACME001" });
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(apiStatuses()).toEqual([429, 200]);
  });

  it("a 429 asking for longer than maxRetryAfterMs comes back as rate_limited with retryAfterMs", async () => {
    await sandboxControl(sandbox.url, "/faults", { kind: "status429", count: 1, retryAfterSeconds: 120 });
    const error = await failure(supplierFetch(http(), { method: "GET", path: "/customers/ACME001" }));
    expect(error.kind).toBe("rate_limited");
    expect(error.details.retryAfterMs).toBe(120_000);
    expect(apiStatuses()).toEqual([429]);
  });

  it("stops at the overall deadline", async () => {
    await sandboxControl(sandbox.url, "/faults", { kind: "latency", count: 5, latencyMs: 400 });
    const started = Date.now();
    const error = await failure(
      supplierFetch(http({ retry: { baseDelayMs: 10, maxDelayMs: 20, timeoutMs: 250, deadlineMs: 600, maxAttempts: 10 } }), {
        method: "GET",
        path: "/customers/ACME001",
      }),
    );
    expect(error.kind).toBe("unavailable");
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("on 401 invalidates the token, renews once and retries once", async () => {
    const before = await tokens.getToken();
    const issued = sandbox.state.tokensIssued;
    await sandboxControl(sandbox.url, "/tokens/expire");
    const response = await supplierFetch(http(), { method: "GET", path: "/customers/ACME001" });
    expect(response.status).toBe(200);
    expect(await tokens.getToken()).not.toBe(before);
    expect(sandbox.state.tokensIssued - issued).toBe(1);
    expect(apiStatuses()).toEqual([401, 200]);
  });

  it("a 401 that survives renewal is an auth error", async () => {
    const bogus = new TokenCache({ supplier: "hygrade", tokenUrl: sandbox.tokenUrl, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, logger });
    // A token cache whose tokens are always already expired at the sandbox.
    const expiring: BearerTokenSource = { getToken: async () => `${await bogus.getToken()}x`, invalidate: () => bogus.invalidate() };
    const error = await failure(supplierFetch(http({ tokens: expiring }), { method: "GET", path: "/customers/ACME001" }));
    expect(error.kind).toBe("auth");
    expect(error.details.status).toBe(401);
    expect(apiStatuses()).toEqual([401, 401]);
  });

  it("maps 422/404/409 to validation/not_found/conflict with field, code and request id", async () => {
    const invalid = await failure(supplierFetch(http(), { method: "GET", path: "/catalog/items", query: { cust_id: "ACME001", limit: 500 } }));
    expect(invalid).toMatchObject({ kind: "validation", details: { field: "limit", code: "invalid_value", status: 422 } });
    expect(invalid.details.requestId).toMatch(/^req_/);

    const missing = await failure(supplierFetch(http(), { method: "GET", path: "/orders/ord_0000000000000000" }));
    expect(missing).toMatchObject({ kind: "not_found", details: { status: 404, code: "resource_missing" } });

    const created = await supplierFetch(http(), { method: "POST", path: "/orders", body: orderBody, idempotencyKey: "k-409" });
    const id = (created.body as { id: string }).id;
    await sandboxControl(sandbox.url, `/orders/${id}/advance`, { status: "shipped" });
    const conflict = await failure(supplierFetch(http(), { method: "POST", path: `/orders/${id}/cancel` }));
    expect(conflict).toMatchObject({ kind: "conflict", details: { status: 409, code: "order_not_cancellable" } });
    expect(apiStatuses()).toEqual([422, 404, 201, 409]);
  });

  it("a 2xx body that is not JSON is malformed", async () => {
    const error = await failure(
      supplierFetch(http({ baseUrl: sandbox.url, tokens: null }), { method: "GET", path: "/catalog-images/ACME001/fm-0014-lt-1.svg" }),
    );
    expect(error.kind).toBe("malformed");
  });
});

describe("request helpers", () => {
  it("knows which requests may be retried", () => {
    expect(isRetryable("GET", {})).toBe(true);
    expect(isRetryable("POST", {})).toBe(false);
    expect(isRetryable("POST", { "Idempotency-Key": "abc" })).toBe(true);
    expect(isRetryable("PATCH", { "idempotency-key": "abc" })).toBe(true);
    expect(isRetryable("POST", { "Idempotency-Key": "" })).toBe(false);
  });

  it("maps statuses to kinds", () => {
    expect([400, 401, 403, 404, 409, 422, 429, 500, 503, 408].map(kindForStatus)).toEqual([
      "validation",
      "auth",
      "auth",
      "not_found",
      "conflict",
      "validation",
      "rate_limited",
      "unavailable",
      "unavailable",
      "unavailable",
    ]);
  });
});
