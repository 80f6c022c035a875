import { z } from "zod";

/** What the webhook route hands over: the path's key, the signature header, the raw body as base64 (its bytes are what is signed). */
export const receiveWebhookInput = z.object({
  key: z.string().min(16).max(200),
  signature: z.string().max(500).nullable(),
  bodyBase64: z.string().max(2 * 1024 * 1024),
});
