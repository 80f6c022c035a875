import type { RouterInputs } from "@/app/_lib/trpc";

export type AuditFilterInput = RouterInputs["audit"]["export"];

/** The audit filter as the page's URL carries it: the page and its CSV link read the same names, so the CSV is what the page shows. */
export const AUDIT_PARAMS = ["group", "person", "subjectType", "subjectId", "from", "to", "q"] as const;

export function auditFilterOf(read: (name: (typeof AUDIT_PARAMS)[number]) => string | null | undefined): AuditFilterInput {
  const optional = (name: (typeof AUDIT_PARAMS)[number]) => read(name)?.trim() || undefined;
  // Passed on as typed: the procedure's schema refuses anything out of its lists, naming the field.
  return {
    group: optional("group") as AuditFilterInput["group"],
    personId: optional("person"),
    subjectType: optional("subjectType") as AuditFilterInput["subjectType"],
    subjectId: optional("subjectId"),
    from: optional("from"),
    to: optional("to"),
    q: optional("q"),
  };
}

/** The URL query of a filter, without the empty ones. */
export function auditQueryOf(filter: AuditFilterInput): URLSearchParams {
  const q = new URLSearchParams();
  const set = (name: string, value: string | undefined) => value && q.set(name, value);
  set("group", filter.group);
  set("person", filter.personId);
  set("subjectType", filter.subjectType);
  set("subjectId", filter.subjectId);
  set("from", filter.from);
  set("to", filter.to);
  set("q", filter.q);
  return q;
}
