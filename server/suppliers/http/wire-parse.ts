/**
 * Every connector validates a supplier's JSON at the edge with zod; this turns
 * a failed parse into the typed "malformed" error naming the field, so a bad
 * record is rejected with a logged reason instead of breaking a page.
 */
import type { z } from "zod";
import { SupplierError } from "../errors";

/** "items[0].unit_price.amount" from a zod issue path. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || "(root)";
}

export function parseSupplierWire<S extends z.ZodType>(supplierName: string, supplier: string, schema: S, data: unknown, what: string): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue ? formatIssuePath(issue.path) : "(root)";
  throw new SupplierError("malformed", `${supplierName} sent a malformed ${what}: field '${field}' ${issue?.message ?? "is invalid"}`, supplier, {
    field,
    code: "malformed_response",
  });
}
