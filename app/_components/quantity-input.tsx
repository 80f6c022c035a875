"use client";

import { useState } from "react";
import { quantityFromText } from "@/server/domain/quantities";

/**
 * How every quantity box is typed into: text with a numeric keypad, never type="number" (which turns "1e3" into a
 * thousand units); quantityFromText reads it.
 */
export const quantityInputProps = { type: "text", inputMode: "numeric", pattern: "[0-9]*", autoComplete: "off" } as const;

/**
 * A quantity field that keeps what the buyer is typing and hands the number over on blur or
 * Enter, only when it changed; the server validates it (and says why when it refuses).
 */
export function QuantityInput({ value, label, onCommit }: { value: number; label: string; onCommit: (quantity: number) => void }) {
  const [text, setText] = useState(String(value));
  const commit = () => {
    const quantity = quantityFromText(text);
    if (quantity !== value) onCommit(quantity);
  };
  return (
    <input
      {...quantityInputProps}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === "Enter" && commit()}
      className="min-h-11 w-24 rounded-md border border-slate-300 px-2"
      aria-label={label}
    />
  );
}
