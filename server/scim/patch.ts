/**
 * SCIM PATCH (RFC 7644 §3.5.2) as Okta and Entra ID send it: `op` in any case ("Replace"), with or without a path, values
 * as objects, strings or Entra's "False". Read into a list of operations first, so a bad one refuses the whole request
 * before anything is changed.
 */
import { z } from "zod";
import { scimInvalid } from "./errors";

export const PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export interface PatchOperation {
  op: "add" | "replace" | "remove";
  path: string | null;
  value: unknown;
}

const operation = z.looseObject({ op: z.string(), path: z.string().optional(), value: z.unknown().optional() });

export function readPatch(body: unknown): PatchOperation[] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw scimInvalid("invalidSyntax", "body", "a PATCH body is a PatchOp object.");
  const record = body as Record<string, unknown>;
  const schemas = record.schemas;
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === "string" && s.toLowerCase() === PATCH_OP_SCHEMA.toLowerCase())) {
    throw scimInvalid("invalidValue", "schemas", `must list ${PATCH_OP_SCHEMA}.`);
  }
  const key = Object.keys(record).find((k) => k.toLowerCase() === "operations");
  const ops = key ? record[key] : undefined;
  if (!Array.isArray(ops) || ops.length === 0) throw scimInvalid("invalidValue", "Operations", "must be a list of at least one operation.");
  return ops.map((raw, i) => {
    const parsed = operation.safeParse(raw);
    if (!parsed.success) throw scimInvalid("invalidValue", `Operations[${i}]`, "each operation needs an op (add, replace or remove).");
    const op = parsed.data.op.toLowerCase();
    if (op !== "add" && op !== "replace" && op !== "remove")
      throw scimInvalid("invalidValue", `Operations[${i}].op`, `${parsed.data.op} is not add, replace or remove.`);
    const path = parsed.data.path?.trim() || null;
    if (op === "remove" && !path) throw scimInvalid("noTarget", `Operations[${i}].path`, "a remove needs a path.");
    if (op !== "remove" && parsed.data.value === undefined) throw scimInvalid("invalidValue", `Operations[${i}].value`, `an ${op} needs a value.`);
    if (!path && (typeof parsed.data.value !== "object" || parsed.data.value === null || Array.isArray(parsed.data.value))) {
      throw scimInvalid("invalidValue", `Operations[${i}].value`, "without a path, the value is an object of attributes.");
    }
    return { op, path, value: parsed.data.value };
  });
}
