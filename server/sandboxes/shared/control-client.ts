/**
 * The client side of every sandbox's loopback-only control API, for tests,
 * benchmarks and scripts (never the portal).
 */

/** A sandbox's origin (e.g. http://127.0.0.1:4100) or a started sandbox. */
export type SandboxTarget = string | { url: string };

const originOf = (target: SandboxTarget) => (typeof target === "string" ? target : target.url);

/** Calls a control endpoint, e.g. `sandboxControl(sandbox, "/faults", { kind: "drop", count: 1 })`; a refusal throws with its status and body. */
export async function sandboxControl(
  target: SandboxTarget,
  path: string,
  body: Record<string, unknown> = {},
  method: "POST" | "GET" = "POST",
): Promise<unknown> {
  const response = await fetch(`${originOf(target)}/_sandbox${path.startsWith("/") ? path : `/${path}`}`, {
    method,
    headers: method === "POST" ? { "Content-Type": "application/json" } : {},
    body: method === "POST" ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`sandbox control ${path} answered ${response.status}: ${text}`);
  return text ? (JSON.parse(text) as unknown) : null;
}

/** A client-credentials token from a sandbox's token endpoint, for tests and benchmarks that call the API directly. */
export async function sandboxToken(sandbox: { tokenUrl: string; clientId: string; clientSecret: string }): Promise<string> {
  const response = await fetch(sandbox.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: sandbox.clientId, client_secret: sandbox.clientSecret }),
  });
  if (!response.ok) throw new Error(`sandbox token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** The body of POST /_sandbox/items/{id} (server/sandboxes/shared/control.ts says what each field means). */
export interface SandboxItemChange {
  price?: number | string | { minQty: number; price: number | string }[];
  available?: boolean;
  stock?: number | null;
  account?: string;
}

/** Changes an item at the supplier, as the supplier would between two orders; answers the item as each account's API now shows it. */
export async function changeSandboxItem(
  target: SandboxTarget,
  itemId: string | number,
  change: SandboxItemChange,
): Promise<{ account: string | null; item: unknown }[]> {
  const answer = (await sandboxControl(target, `/items/${encodeURIComponent(String(itemId))}`, { ...change })) as {
    changed: { account: string | null; item: unknown }[];
  };
  return answer.changed;
}
