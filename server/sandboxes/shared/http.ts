/**
 * What every supplier sandbox needs from node:http: listen on loopback, know
 * its own origin, and close at once (open keep-alive sockets included) so
 * tests and the portal's shutdown never hang on a sandbox; read a JSON body
 * and answer JSON. Each sandbox passes its own errors, in its supplier's shape.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface ListeningSandbox {
  /** e.g. http://127.0.0.1:4100 */
  origin: string;
  close(): Promise<void>;
}

export async function listenOnLoopback(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  options: { port?: number; host?: string },
): Promise<ListeningSandbox> {
  const sockets = new Set<Socket>();
  const server = createServer(handler);
  server.keepAliveTimeout = 5_000;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    origin: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
      }),
  };
}

const MAX_BODY_BYTES = 1024 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.writableEnded) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The request body as text, refused with the sandbox's own `tooLarge` error past 1 MB. */
export async function readBody(req: IncomingMessage, tooLarge: (message: string) => Error): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw tooLarge("The request body is larger than 1 MB.");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** An empty body is undefined; anything else must be JSON, or the sandbox's own `notJson` error. */
export function parseJson(text: string, notJson: (message: string) => Error): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw notJson("The request body is not valid JSON.");
  }
}

/** A status with no body (Yodify's documented 403 and 429 have none). */
export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { "Content-Length": "0", ...headers });
  res.end();
}
