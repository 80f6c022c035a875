/**
 * The `filter` query parameter (RFC 7644 §3.4.2.2), parsed by scim2-parse-filter and read into the equalities the portal
 * answers: `eq` on the resource's listed attributes, joined by `and`, as Okta and Entra ID ask ("userName eq \"…\""; a
 * value path like `emails[value eq "…"]` counts as `emails.value`). Anything else is an invalidFilter naming what.
 */
import { parse, type Filter } from "scim2-parse-filter";
import { ScimError } from "./errors";

export interface Equality<A extends string> {
  attribute: A;
  value: string;
}

const refuse = (message: string) => new ScimError("invalid", "invalidFilter", `filter: ${message}`, "filter");

const CORE_PREFIX = /^urn:ietf:params:scim:schemas:core:2\.0:(User|Group):/i;

export function readFilter<A extends string>(raw: string | null, attributes: readonly A[]): Equality<A>[] {
  if (raw === null || raw.trim() === "") return [];
  let ast: Filter;
  try {
    ast = parse(raw);
  } catch {
    throw refuse(`${raw} is not a filter the portal can read, like userName eq "ada@example.com".`);
  }
  const known = new Map(attributes.map((a) => [a.toLowerCase(), a]));
  const supported = `only eq on ${attributes.join(", ")}, joined by and, is supported`;
  const walk = (node: Filter, prefix: string): Equality<A>[] => {
    if (node.op === "and") return node.filters.flatMap((f) => walk(f, prefix));
    if (node.op === "[]") return walk(node.valFilter, `${node.attrPath}.`);
    if (node.op !== "eq") throw refuse(`${node.op} is not supported; ${supported}.`);
    const path = `${prefix}${node.attrPath}`.replace(CORE_PREFIX, "");
    const attribute = known.get(path.toLowerCase());
    // Inside a value path, emails[type eq "work" and value eq "…"]: the type narrows nothing the portal keeps apart.
    if (!attribute && prefix && /\.(type|primary)$/i.test(path)) return [];
    if (!attribute) throw refuse(`${path} cannot be filtered on; ${supported}.`);
    if (typeof node.compValue !== "string") throw refuse(`compare ${path} with a quoted string.`);
    return [{ attribute, value: node.compValue }];
  };
  return walk(ast, "");
}
