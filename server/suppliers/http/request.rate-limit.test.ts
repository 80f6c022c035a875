/**
 * The request core against a real HTTP server on loopback (node:http, no
 * fetch mocks): rate-limit pauses shared by a connection, Retry-After in both
 * forms, x-ratelimit-remaining / reset, no retry of a POST without an
 * Idempotency-Key, and no secret in any log line.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { supplierFailure } from "../testing";
import type { AttemptLogEntry, SupplierLogger } from "./logger";
import { TokenBucket } from "./rate-limiter";
import { supplierFetch, type SupplierHttpOptions } from "./request";
import { TokenCache } from "./token-cache";

interface Hit {
  method: string;
  url: string;
  body: string;
  headers: IncomingMessage["headers"];
  at: number;
  status: number;
}

type Handler = (hit: Omit<Hit, "status">, res: ServerResponse) => number;

let server: Server;
let base: string;
let hits: Hit[] = [];
let handle: Handler = () => 200;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): number {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
  return status;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const hit = { method: req.method ?? "?", url: req.url ?? "/", body: Buffer.concat(chunks).toString(), headers: req.headers, at: Date.now() };
      const status = handle(hit, res);
      hits.push({ ...hit, status });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  hits = [];
  handle = () => 200;
});

const quietLogger: SupplierLogger = { info: () => undefined };

function http(limiter: TokenBucket | null, overrides: Partial<SupplierHttpOptions> = {}): SupplierHttpOptions {
  return {
    supplier: "loopback",
    baseUrl: `${base}/v1`,
    limiter,
    logger: quietLogger,
    retry: { baseDelayMs: 20, maxDelayMs: 100, timeoutMs: 2000, deadlineMs: 10_000, maxRetryAfterMs: 5000 },
    ...overrides,
  };
}

const get = (options: SupplierHttpOptions, n = 1) =>
  Promise.allSettled(Array.from({ length: n }, () => supplierFetch(options, { method: "GET", path: "/items" })));
const statuses = () => hits.map((h) => h.status);

describe("a 429 pauses the whole connection", () => {
  it("after a 429 with no headers, nothing of the connection is sent until the cooldown has passed; every queued caller gets its answer", async () => {
    const cooldown = 700;
    let penaltyUntil = 0;
    handle = (hit, res) => {
      if (hits.length === 0 || hit.at < penaltyUntil) {
        if (hits.length === 0) penaltyUntil = hit.at + cooldown;
        return send(res, 429, { message: "Too many requests" });
      }
      return send(res, 200, { ok: true });
    };
    const limiter = new TokenBucket({ ratePerSecond: 5, burst: 1, cooldownAfter429Ms: cooldown });
    const results = await get(http(limiter), 5);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
    expect(statuses()).toEqual([429, 200, 200, 200, 200, 200]);
    for (const hit of hits.slice(1)) expect(hit.at).toBeGreaterThanOrEqual(penaltyUntil);
  });

  it("Retry-After as an HTTP-date: nothing is sent before the date the server named, even with no cooldown", async () => {
    let until = 0;
    handle = (_hit, res) => {
      if (hits.length === 0) {
        until = (Math.floor(Date.now() / 1000) + 2) * 1000; // HTTP dates are whole seconds
        return send(res, 429, { message: "slow down" }, { "Retry-After": new Date(until).toUTCString() });
      }
      return send(res, 200, { ok: true });
    };
    const limiter = new TokenBucket({ ratePerSecond: 10, burst: 1 });
    const results = await get(http(limiter), 3);
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    expect(statuses()).toEqual([429, 200, 200, 200]);
    for (const hit of hits.slice(1)) expect(hit.at).toBeGreaterThanOrEqual(until - 2);
  });

  it("Retry-After in seconds longer than the cooldown wins", async () => {
    handle = (_hit, res) => (hits.length === 0 ? send(res, 429, { message: "slow down" }, { "Retry-After": "1" }) : send(res, 200, { ok: true }));
    const limiter = new TokenBucket({ ratePerSecond: 10, burst: 1, cooldownAfter429Ms: 200 });
    const results = await get(http(limiter), 2);
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    expect(statuses()).toEqual([429, 200, 200]);
    expect(hits[1]!.at - hits[0]!.at).toBeGreaterThanOrEqual(990);
  });

  it("a pause longer than the caller may wait (Orderspace's 60 s under the default policy) fails at once as rate_limited, sending nothing", async () => {
    handle = (_hit, res) => send(res, 429, { message: "Too many requests" });
    const limiter = new TokenBucket({ ratePerSecond: 1, burst: 1, cooldownAfter429Ms: 60_000 });
    const options = http(limiter, { retry: { baseDelayMs: 20, maxDelayMs: 100 } });
    const first = await supplierFailure(supplierFetch(options, { method: "GET", path: "/items" }));
    expect(first).toMatchObject({ kind: "rate_limited", details: { status: 429, retryAfterMs: 60_000 } });
    const started = Date.now();
    const second = await supplierFailure(supplierFetch(options, { method: "GET", path: "/items" }));
    expect(second).toMatchObject({ kind: "rate_limited", details: { code: "rate_limit_pause" } });
    expect(second.details.retryAfterMs).toBeGreaterThan(55_000);
    expect(Date.now() - started).toBeLessThan(500);
    expect(statuses()).toEqual([429]);
  });
});

describe("x-ratelimit-remaining: 0 pauses the connection until the reset, before any 429", () => {
  /** A windowed quota: `quota` requests, the window ends `windowMs` after its first request; over quota is a 429. */
  function windowedQuota(quota: number, resetHeader: (windowEnd: number) => Record<string, string>, windowMs = 1000) {
    let windowEnd = 0;
    let used = 0;
    return {
      handler: ((hit, res) => {
        if (hit.at >= windowEnd) {
          windowEnd = hit.at + windowMs;
          used = 0;
        }
        used++;
        const headers = { ...resetHeader(windowEnd), "x-ratelimit-remaining": String(Math.max(0, quota - used)) };
        if (used > quota) return send(res, 429, { message: "quota exceeded" }, headers);
        return send(res, 200, { ok: true }, headers);
      }) satisfies Handler,
      windowEnd: () => windowEnd,
    };
  }

  it("lower-case x-ratelimit-* with reset in seconds from now (Hypatos)", async () => {
    const quota = windowedQuota(3, (end) => ({ "x-ratelimit-limit": "3, 3;w=1", "x-ratelimit-reset": String(Math.ceil((end - Date.now()) / 1000)) }));
    handle = quota.handler;
    const limiter = new TokenBucket({ ratePerSecond: 10, burst: 1 });
    const results = await get(http(limiter), 6);
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    expect(statuses()).toEqual([200, 200, 200, 200, 200, 200]);
    // The fourth waited for the first window to end.
    expect(hits[3]!.at - hits[0]!.at).toBeGreaterThanOrEqual(1000);
  });

  it("X-RateLimit-Remaining / X-RateLimit-Reset as epoch seconds (Hygrade)", async () => {
    let end = 0;
    // Two requests allowed until `end` (a whole epoch second at least a second away), then plenty.
    handle = (hit, res) => {
      if (end === 0) end = (Math.floor(hit.at / 1000) + 2) * 1000;
      const inWindow = hit.at < end;
      const used = inWindow ? hits.filter((h) => h.at < end).length + 1 : 0;
      const headers = { "X-RateLimit-Remaining": String(inWindow ? Math.max(0, 2 - used) : 100), "X-RateLimit-Reset": String(end / 1000) };
      return used > 2 ? send(res, 429, { message: "over" }, headers) : send(res, 200, { ok: true }, headers);
    };
    const limiter = new TokenBucket({ ratePerSecond: 10, burst: 1 });
    const results = await get(http(limiter), 4);
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    expect(statuses()).toEqual([200, 200, 200, 200]);
    expect(hits[2]!.at).toBeGreaterThanOrEqual(end - 2);
  });
});

describe("a POST without an Idempotency-Key is never retried", () => {
  it("on 503, on 429 and on a 500: the server is hit exactly once; with a key it is retried", async () => {
    const limiter = new TokenBucket({ ratePerSecond: 100, burst: 10 });
    for (const status of [503, 429, 500]) {
      hits = [];
      handle = (_hit, res) => send(res, status, { message: "try later" }, status === 429 ? { "Retry-After": "0" } : {});
      const error = await supplierFailure(supplierFetch(http(limiter), { method: "POST", path: "/orders", body: { sku: "A", qty: 1 } }));
      expect(error.kind).toBe(status === 429 ? "rate_limited" : "unavailable");
      expect(
        hits.filter((h) => h.method === "POST"),
        `HTTP ${status}`,
      ).toHaveLength(1);
    }
    hits = [];
    handle = (_hit, res) => (hits.length === 0 ? send(res, 503, { message: "try later" }) : send(res, 201, { id: "ord_1" }));
    const response = await supplierFetch(http(limiter), { method: "POST", path: "/orders", body: { sku: "A", qty: 1 }, idempotencyKey: "key-1" });
    expect(response.status).toBe(201);
    expect(statuses()).toEqual([503, 201]);
    expect(hits.every((h) => h.headers["idempotency-key"] === "key-1")).toBe(true);
  });
});

describe("logging never carries tokens or secrets", () => {
  const SECRET = "s3cr3t-CLIENT-secret-9f2b";
  const ACCESS_TOKEN = "tok-ACCESS-7c1d0e";
  const QUERY_KEY = "qk-API-KEY-55aa";
  const PASSWORD = "pw-Hunter2-Body-0b0b";
  const lines: string[] = [];
  const entries: AttemptLogEntry[] = [];
  const capture: SupplierLogger = {
    info(line, entry) {
      lines.push(line);
      if (entry) entries.push(entry);
    },
  };
  let previousLogSetting: string | undefined;

  beforeEach(() => {
    lines.length = 0;
    entries.length = 0;
    previousLogSetting = process.env.SUPPLIER_LOG;
    process.env.SUPPLIER_LOG = "";
    // The default logger writes with console.info: capture what it would print.
    vi.spyOn(console, "info").mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.env.SUPPLIER_LOG = previousLogSetting;
  });

  it("a token fetch (body and Basic auth, one refused) and requests with secrets in query and body log method, path, status, time and attempt only", async () => {
    let failNext = 1;
    handle = (hit, res) => {
      if (hit.url.startsWith("/oauth/token")) {
        const form = new URLSearchParams(hit.body);
        const basic = hit.headers.authorization?.startsWith("Basic ") ? Buffer.from(hit.headers.authorization.slice(6), "base64").toString() : "";
        const ok = form.get("client_secret") === SECRET || basic.endsWith(`:${SECRET}`);
        return ok ? send(res, 200, { access_token: ACCESS_TOKEN, token_type: "Bearer", expires_in: 600 }) : send(res, 401, { error: "invalid_client" });
      }
      if (hit.headers.authorization !== `Bearer ${ACCESS_TOKEN}`) return send(res, 401, { error: { message: "bad token" } });
      if (failNext-- > 0) return send(res, 503, { message: "busy" });
      return send(res, 200, { ok: true });
    };
    const tokenUrl = `${base}/oauth/token?client_secret=${SECRET}`;
    const viaBody = new TokenCache({ supplier: "loopback", tokenUrl, clientId: "portal", clientSecret: SECRET });
    const viaBasic = new TokenCache({
      supplier: "loopback",
      tokenUrl: `${base}/oauth/token`,
      clientId: "portal",
      clientSecret: SECRET,
      auth: "basic",
      logger: capture,
    });
    const refused = new TokenCache({
      supplier: "loopback",
      tokenUrl: `${base}/oauth/token`,
      clientId: "portal",
      clientSecret: `${SECRET}-old`,
      logger: capture,
    });
    expect(await viaBody.getToken()).toBe(ACCESS_TOKEN);
    expect(await viaBasic.getToken()).toBe(ACCESS_TOKEN);
    const refusal = await supplierFailure(refused.getToken());

    const limiter = new TokenBucket({ ratePerSecond: 100, burst: 10 });
    // Default logger (console.info) and a capturing one.
    const got = await supplierFetch(http(limiter, { tokens: viaBody, logger: undefined }), {
      method: "GET",
      path: `/items?api_key=${QUERY_KEY}`,
      query: { access_token: ACCESS_TOKEN, password: PASSWORD, client_secret: SECRET },
    });
    expect(got.attempts).toBe(2);
    const posted = await supplierFetch(http(limiter, { tokens: viaBasic, logger: capture }), {
      method: "POST",
      path: "/orders",
      query: { api_key: QUERY_KEY },
      body: { password: PASSWORD, client_secret: SECRET, token: ACCESS_TOKEN },
      headers: { "X-Api-Key": QUERY_KEY },
      idempotencyKey: "key-log",
    });
    expect(posted.status).toBe(200);

    // The secrets did reach the server, so the test would see them if they leaked.
    expect(hits.some((h) => h.url.includes(QUERY_KEY) && h.body.includes(PASSWORD))).toBe(true);

    const logged = [...lines, JSON.stringify(entries), refusal.message].join("\n");
    for (const secret of [SECRET, ACCESS_TOKEN, QUERY_KEY, PASSWORD, Buffer.from(`portal:${SECRET}`).toString("base64")]) expect(logged).not.toContain(secret);
    expect(logged).not.toMatch(/authorization|bearer|basic /i);
    // ... and the lines do say what happened.
    expect(lines).toContainEqual(expect.stringMatching(/^\[supplier:loopback\] POST \/oauth\/token 200 \d+ms attempt=1$/));
    expect(lines).toContainEqual(expect.stringMatching(/^\[supplier:loopback\] POST \/oauth\/token 401 \d+ms attempt=1$/));
    expect(lines).toContainEqual(expect.stringMatching(/^\[supplier:loopback\] GET \/v1\/items 503 \d+ms attempt=1$/));
    expect(lines).toContainEqual(expect.stringMatching(/^\[supplier:loopback\] GET \/v1\/items 200 \d+ms attempt=2$/));
    expect(lines).toContainEqual(expect.stringMatching(/^\[supplier:loopback\] POST \/v1\/orders 200 \d+ms attempt=1$/));
  });
});
