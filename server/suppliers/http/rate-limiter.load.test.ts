import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientPaceFor } from "@/server/suppliers/http/rate-limiter";
import { HYGRADE_RATE_LIMIT } from "@/server/suppliers/hygrade/connector";
import { startHygradeSandbox } from "@/server/sandboxes/hygrade/sandbox";
import { sandboxToken } from "@/server/sandboxes/shared/control-client";
import { offerLoad } from "@/server/testing/offered-load";

describe("the rate limiter against Hygrade's sandbox", () => {
  let sandbox: Awaited<ReturnType<typeof startHygradeSandbox>>;
  let token: string;

  beforeAll(async () => {
    sandbox = await startHygradeSandbox({ port: 0, autoAdvanceMs: null });
    token = await sandboxToken(sandbox);
  });
  afterAll(async () => sandbox?.close());

  it("offered ten times Hygrade's documented rate for ten seconds, gets no 429", async () => {
    const result = await offerLoad({
      url: `${sandbox.baseUrl}/customers/ACME001`,
      headers: { authorization: `Bearer ${token}` },
      // The pace the Hygrade connector keeps (server/suppliers/hygrade/connector.ts).
      rate: clientPaceFor(HYGRADE_RATE_LIMIT),
      offeredPerSecond: HYGRADE_RATE_LIMIT.ratePerSecond * 10,
      seconds: 10,
    });
    expect(result.offered).toBeGreaterThan(HYGRADE_RATE_LIMIT.ratePerSecond * 10 * 9);
    expect(result.rateLimited).toBe(0);
    // The queue held the rest: far fewer were sent than offered, and every one sent was answered.
    expect(result.sent).toBeLessThan(result.offered / 2);
    expect(result.ok).toBeGreaterThan(0);
  }, 30_000);
});
