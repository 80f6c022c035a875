/**
 * Two processes' worth of supplier limiters and token caches (each on its own database handle, as two instances would
 * be) against Hygrade's sandbox, on PostgreSQL: the sandbox's own 429s and issued tokens are what count.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { startHygradeSandbox } from "@/server/sandboxes/hygrade/sandbox";
import { sandboxToken } from "@/server/sandboxes/shared/control-client";
import { clientPaceFor, SharedTokenBucket, TokenBucket } from "@/server/suppliers/http/rate-limiter";
import { TokenCache } from "@/server/suppliers/http/token-cache";
import { offerLoad } from "@/server/testing/offered-load";
import { postgresRateStore, postgresTokenStore } from "./shared-supplier-state";

const serverUrl = process.env.TEST_DATABASE_URL;
const LIMIT = { ratePerSecond: 20, burst: 20 };

describe.skipIf(!serverUrl)("supplier state shared by several instances on PostgreSQL", () => {
  let sandbox: Awaited<ReturnType<typeof startHygradeSandbox>>;
  const handles: DatabaseHandle[] = [];
  const name = `portal_shared_${process.pid}_${Date.now().toString(36)}`;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    for (let i = 0; i < 5; i++) handles.push(await openDatabase({ url: url.toString() }));
    await handles[0]!.migrate();
    sandbox = await startHygradeSandbox({ port: 0, autoAdvanceMs: null, rateLimit: LIMIT });
  });
  afterAll(async () => {
    await sandbox?.close();
    for (const h of handles) await h.close();
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  const rateLimitedAtSandbox = () => sandbox.state.core.requestLog.filter((r) => r.status === 429).length;

  async function offerThroughBoth(limiters: [Pick<TokenBucket, "take">, Pick<TokenBucket, "take">]) {
    const token = await sandboxToken(sandbox);
    sandbox.state.core.requestLog.length = 0;
    const offer = (limiter: Pick<TokenBucket, "take">) =>
      offerLoad({
        url: `${sandbox.baseUrl}/customers/ACME001`,
        headers: { authorization: `Bearer ${token}` },
        rate: clientPaceFor(LIMIT),
        offeredPerSecond: LIMIT.ratePerSecond * 10,
        seconds: 4,
        limiter,
      });
    return Promise.all(limiters.map(offer));
  }

  it("two instances' limiters kept in PostgreSQL together stay within the supplier's limit", async () => {
    const pace = clientPaceFor(LIMIT);
    const results = await offerThroughBoth([
      new SharedTokenBucket("hygrade\u0000shared", postgresRateStore(handles[0]!.db), pace),
      new SharedTokenBucket("hygrade\u0000shared", postgresRateStore(handles[1]!.db), pace),
    ]);
    expect(rateLimitedAtSandbox()).toBe(0);
    // Both got turns: neither instance was starved by the other.
    expect(results[0]!.ok).toBeGreaterThan(5);
    expect(results[1]!.ok).toBeGreaterThan(5);
  }, 30_000);

  it("without the shared row each instance would spend the whole limit: the sandbox answers 429", async () => {
    await offerThroughBoth([new TokenBucket(clientPaceFor(LIMIT)), new TokenBucket(clientPaceFor(LIMIT))]);
    expect(rateLimitedAtSandbox()).toBeGreaterThan(0);
  }, 30_000);

  it("a 429 one instance meets pauses the other", async () => {
    const pace = { ...clientPaceFor(LIMIT), cooldownAfter429Ms: 5_000 };
    const first = new SharedTokenBucket("hygrade\u0000pause", postgresRateStore(handles[0]!.db), pace);
    const second = new SharedTokenBucket("hygrade\u0000pause", postgresRateStore(handles[1]!.db), pace);
    expect(first.observe(429, new Headers())).toBe(5_000);
    // The first waits its pause (after writing it down) and gives up; the second, told by the database, waits too.
    await expect(first.take(AbortSignal.timeout(300))).rejects.toBeDefined();
    await expect(second.take(AbortSignal.timeout(1_000))).rejects.toBeDefined();
    expect(second.pausedForMs()).toBeGreaterThan(2_000);
  }, 30_000);

  it("five instances fetching one connection's token at once ask the token endpoint once", async () => {
    const before = sandbox.state.tokensIssued;
    const options = { supplier: "hygrade", tokenUrl: sandbox.tokenUrl, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret };
    const caches = handles.map((h) => new TokenCache(options, "hygrade-token-test", postgresTokenStore(h.db)));
    const tokens = await Promise.all(caches.map((c) => c.getToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(sandbox.state.tokensIssued - before).toBe(1);
    // The token is stored sealed, never as it is.
    const stored = await handles[0]!.db.execute(`select sealed_token from supplier_tokens`);
    expect(JSON.stringify(stored)).not.toContain(tokens[0]);
  }, 30_000);
});
