/**
 * A state file the sandbox cannot use must not keep it from starting (the demo would not come up at all);
 * a file it can use is only ever replaced whole.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DOCUMENTED_HYGRADE_ORDER } from "../hygrade/data";
import { startHygradeSandbox } from "../hygrade/sandbox";
import { startYodifySandbox } from "../yodify/sandbox";
import { sandboxToken } from "./control-client";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "sandbox-state-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function placeOrder(sandbox: { baseUrl: string; tokenUrl: string; clientId: string; clientSecret: string }): Promise<number> {
  const response = await fetch(`${sandbox.baseUrl}/orders`, {
    method: "POST",
    headers: { Authorization: `Bearer ${await sandboxToken(sandbox)}`, "Content-Type": "application/json" },
    body: JSON.stringify(DOCUMENTED_HYGRADE_ORDER),
  });
  await response.arrayBuffer();
  return response.status;
}

describe("a sandbox's state file", () => {
  it.each([
    ["is not JSON", async (file: string) => writeFile(file, '{"format":"buyer-portal-sandbox-state","state":{"ord'), /not valid JSON/],
    [
      "holds another sandbox's state",
      async (file: string) => {
        const yodify = await startYodifySandbox({ port: 0, stateFile: file });
        await fetch(`${yodify.url}/_sandbox/items/99001`, { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"stock":3}' });
        await yodify.close();
      },
      /does not hold hygrade sandbox state/,
    ],
    ["is a folder, not a file", async (file: string) => mkdir(file), /could not be read/],
  ])("that %s: the sandbox starts empty, serves its API, and says so in one log line", async (_case, prepare, said) => {
    const file = path.join(dir, "hygrade.json");
    await prepare(file);
    const lines: string[] = [];
    const sandbox = await startHygradeSandbox({ port: 0, stateFile: file, log: (line) => lines.push(line) });
    try {
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(said);
      expect(lines[0]).toContain(file);
      expect(lines[0]).toMatch(/starting empty$/);
      expect(sandbox.state.orders.size).toBe(0);
      expect(await placeOrder(sandbox)).toBe(201);
    } finally {
      await sandbox.close();
    }
  });

  it("is replaced whole: after close it holds the last change, parses, and no temp file is left beside it", async () => {
    const file = path.join(dir, "nested", "hygrade.json");
    const lines: string[] = [];
    const sandbox = await startHygradeSandbox({ port: 0, stateFile: file, log: (line) => lines.push(line) });
    for (let i = 0; i < 3; i++) expect(await placeOrder(sandbox)).toBe(201);
    await sandbox.close();
    const saved = JSON.parse(await readFile(file, "utf8")) as { sandbox: string; state: { orders: unknown[] } };
    expect(saved.sandbox).toBe("hygrade");
    expect(saved.state.orders).toHaveLength(3);
    expect(await readdir(path.dirname(file))).toEqual(["hygrade.json"]);
    expect(lines).toEqual([]);
  });
});
