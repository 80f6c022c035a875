import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSupplierError } from "../errors";
import { startHygradeSandbox, type HygradeSandbox } from "@/server/sandboxes/hygrade/sandbox";
import { sandboxControl } from "@/server/sandboxes/shared/control-client";
import type { AttemptLogEntry, SupplierLogger } from "./logger";
import { TokenCache, sharedTokenCache } from "./token-cache";

let sandbox: HygradeSandbox;
const lines: string[] = [];
const logger: SupplierLogger = { info: (line: string, _entry?: AttemptLogEntry) => void lines.push(line) };

beforeAll(async () => {
  sandbox = await startHygradeSandbox({ port: 0 });
});
afterAll(async () => {
  await sandbox.close();
});

const cacheFor = (overrides: Partial<ConstructorParameters<typeof TokenCache>[0]> = {}) =>
  new TokenCache({ supplier: "hygrade", tokenUrl: sandbox.tokenUrl, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, logger, ...overrides });

describe("TokenCache against the sandbox token endpoint", () => {
  it("fetches once and reuses the token", async () => {
    const cache = cacheFor();
    const before = sandbox.state.tokensIssued;
    const a = await cache.getToken();
    const b = await cache.getToken();
    expect(a).toBe(b);
    expect(cache.fetchCount).toBe(1);
    expect(sandbox.state.tokensIssued - before).toBe(1);
  });

  it("single flight: concurrent callers share one fetch", async () => {
    const cache = cacheFor();
    const before = sandbox.state.tokensIssued;
    const tokens = await Promise.all(Array.from({ length: 20 }, () => cache.getToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(cache.fetchCount).toBe(1);
    expect(sandbox.state.tokensIssued - before).toBe(1);
  });

  it("invalidate() forces a new token; a stale invalidate does not drop a fresh one", async () => {
    const cache = cacheFor();
    const first = await cache.getToken();
    cache.invalidate(first);
    const second = await cache.getToken();
    expect(second).not.toBe(first);
    cache.invalidate(first); // someone still holding the old token
    expect(await cache.getToken()).toBe(second);
    expect(cache.fetchCount).toBe(2);
  });

  it("renews 30 s before expires_in runs out", async () => {
    let now = 1_000_000;
    const cache = cacheFor({ now: () => now });
    const first = await cache.getToken(); // sandbox default expires_in 1800 s
    now += (1800 - 31) * 1000;
    expect(await cache.getToken()).toBe(first);
    now += 2000; // inside the last 30 s
    expect(await cache.getToken()).not.toBe(first);
  });

  it("accepts HTTP Basic client authentication", async () => {
    const cache = cacheFor({ auth: "basic" });
    expect(await cache.getToken()).toMatch(/^hgs_/);
  });

  it("wrong credentials are an auth error, and the secret never reaches the log", async () => {
    lines.length = 0;
    const cache = cacheFor({ clientSecret: "not-the-secret" });
    const error = await cache.getToken().catch((e: unknown) => e);
    expect(isSupplierError(error)).toBe(true);
    if (!isSupplierError(error)) return;
    expect(error.kind).toBe("auth");
    expect(error.details.code).toBe("invalid_client");
    expect(lines.join("\n")).not.toContain("not-the-secret");
    expect(lines.join("\n")).toContain("POST /oauth/token 401");
  });

  it("the shared cache is per (token URL, client id) and never reuses a token across secrets", async () => {
    const options = { supplier: "hygrade", tokenUrl: sandbox.tokenUrl, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, logger };
    expect(sharedTokenCache(options)).toBe(sharedTokenCache({ ...options }));
    expect(sharedTokenCache({ ...options, clientSecret: "other" })).not.toBe(sharedTokenCache(options));
  });

  it("tokens expired by the sandbox are refused until invalidated", async () => {
    const cache = cacheFor();
    const token = await cache.getToken();
    await sandboxControl(sandbox.url, "/tokens/expire");
    const refused = await fetch(`${sandbox.baseUrl}/customers/ACME001`, { headers: { Authorization: `Bearer ${token}` } });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("token_expired");
    cache.invalidate(token);
    const fresh = await cache.getToken();
    const ok = await fetch(`${sandbox.baseUrl}/customers/ACME001`, { headers: { Authorization: `Bearer ${fresh}` } });
    expect(ok.status).toBe(200);
  });
});
