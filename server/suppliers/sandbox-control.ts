/** Calls a sandbox's loopback-only control endpoint, e.g. `sandboxControl(sandbox.url, "/faults", { kind: "drop", count: 1 })`. */
export async function sandboxControl(origin: string, path: string, body: Record<string, unknown> = {}, method: "POST" | "GET" = "POST"): Promise<unknown> {
  const response = await fetch(`${origin}/_sandbox${path.startsWith("/") ? path : `/${path}`}`, {
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
