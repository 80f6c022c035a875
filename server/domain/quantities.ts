/** Whole units, at least one, and no more than a real order line would ask for: a cart line, a list line, a requisition line. */
export const MAX_LINE_QUANTITY = 10_000;

/**
 * A quantity as a person typed it: digits only. "1e3", "2.5", "+3" or "12 boxes" are not a quantity (a number input
 * would read "1e3" as a thousand units), so they come back as NaN and the server refuses them with its message.
 */
export function quantityFromText(text: string): number {
  const trimmed = text.trim();
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}
