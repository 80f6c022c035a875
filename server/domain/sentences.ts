/**
 * Notification and history texts are sentences built around what people typed (a rejection reason, a note) and what
 * suppliers said; these keep them to one full stop, whatever the typed part ended with.
 */

/** `text` as the end of a sentence: "Over budget" and "Over budget." both become "Over budget."; "Why?" stays. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") return "";
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** Several clauses as one sentence, "a; b; c.", without a stray full stop inside or a doubled one at the end. */
export function clauses(parts: string[]): string {
  return sentence(
    parts
      .map((p) => p.trim().replace(/[.;]+$/, ""))
      .filter(Boolean)
      .join("; "),
  );
}
