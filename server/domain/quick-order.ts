/** A quick order as a buyer pastes or types it on a phone: one "item code, quantity" per line. */
import { MAX_LINE_QUANTITY } from "./quantities";

export type ParsedLine = { line: number; text: string } & ({ ok: true; code: string; quantity: number } | { ok: false; message: string });

/** "AB-12, 3", "AB-12\t3", "AB-12 3" or just "AB-12" (one). Blank lines are skipped but keep their number, so numbers match the buyer's text. */
export function parseQuickOrder(text: string): ParsedLine[] {
  const parsed: ParsedLine[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (!trimmed) return;
    const match = /^([^\s,;]+)(?:[\s,;]+(.*))?$/.exec(trimmed);
    if (!match) return parsed.push({ line, text: trimmed, ok: false, message: "No item code: start the line with the item code, then the quantity" });
    const code = match[1]!;
    const rest = (match[2] ?? "")
      .trim()
      .replace(/[,;]\s*$/, "")
      .trim();
    if (rest === "") return parsed.push({ line, text: trimmed, ok: true, code, quantity: 1 });
    if (!/^\d+$/.test(rest)) return parsed.push({ line, text: trimmed, ok: false, message: `Quantity "${rest}" is not a whole number` });
    const quantity = Number(rest);
    if (quantity < 1) return parsed.push({ line, text: trimmed, ok: false, message: "Quantity must be at least 1" });
    if (quantity > MAX_LINE_QUANTITY)
      return parsed.push({ line, text: trimmed, ok: false, message: `Quantity can be at most ${MAX_LINE_QUANTITY.toLocaleString("en-US")} per line` });
    parsed.push({ line, text: trimmed, ok: true, code, quantity });
  });
  return parsed;
}
