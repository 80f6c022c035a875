/** Whole units, at least one, and no more than a real order line would ask for: a cart line, a list line, a requisition line. */
export const MAX_LINE_QUANTITY = 10_000;
