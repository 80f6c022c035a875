/**
 * Money inside the portal: an integer count of minor units (cents) and an ISO
 * 4217 currency code. Arithmetic refuses to mix currencies and refuses
 * non-integers, so a float can never leak in past a supplier connector.
 */
import type { Money } from "@/common/money";

export type { Money };

export class CurrencyMismatchError extends Error {
  constructor(a: string, b: string) {
    super(`Cannot combine amounts in ${a} and ${b}`);
    this.name = "CurrencyMismatchError";
  }
}

function assertMinorUnits(amount: number): void {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`Money amount must be a whole number of minor units, got ${amount}`);
}

export function money(amount: number, currency: string): Money {
  assertMinorUnits(amount);
  if (!/^[A-Z]{3}$/.test(currency)) throw new RangeError(`Not an ISO currency code: ${currency}`);
  return { amount, currency };
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new CurrencyMismatchError(a.currency, b.currency);
  return money(a.amount + b.amount, a.currency);
}

export function multiplyMoney(unit: Money, quantity: number): Money {
  if (!Number.isSafeInteger(quantity)) throw new RangeError(`Quantity must be a whole number, got ${quantity}`);
  return money(unit.amount * quantity, unit.currency);
}

export function sumMoney(items: Money[], currency: string): Money {
  return items.reduce((total, m) => addMoney(total, m), money(0, currency));
}

const minorDigits = (currency: string): number => new Intl.NumberFormat("en-US", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;

/**
 * A supplier's decimal price ("12.345") to minor units, rounding half away
 * from zero at the currency's minor unit. Works on the decimal string so that
 * binary floating point never decides a cent.
 */
export function decimalToMinor(decimal: string | number, currency: string): Money {
  const text = typeof decimal === "number" ? decimalString(decimal) : decimal.trim();
  const match = /^([+-])?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new RangeError(`Not a decimal amount: ${String(decimal)}`);
  const [, sign, whole, fraction = ""] = match;
  const digits = minorDigits(currency);
  const kept = (fraction + "0".repeat(digits)).slice(0, digits);
  const rest = fraction.slice(digits);
  let minor = BigInt(whole!) * 10n ** BigInt(digits) + BigInt(kept || "0");
  if (rest.length > 0 && Number(rest[0]) >= 5) minor += 1n;
  const signed = sign === "-" ? -minor : minor;
  return money(Number(signed), currency);
}

function decimalString(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`Not a finite amount: ${n}`);
  // toString gives the shortest round-tripping form, e.g. 0.1 -> "0.1"; exponent forms are expanded.
  const s = n.toString();
  return /e/i.test(s) ? n.toFixed(20).replace(/0+$/, "").replace(/\.$/, "") : s;
}

/** "$1,234.50" for people; amounts in major units with the currency's own digits. */
export function formatMoney(m: Money, locale = "en-US"): string {
  const digits = minorDigits(m.currency);
  return new Intl.NumberFormat(locale, { style: "currency", currency: m.currency }).format(m.amount / 10 ** digits);
}

/** "1234.50" for CSV and form fields. */
export function toMajorUnitString(m: Money): string {
  const digits = minorDigits(m.currency);
  const negative = m.amount < 0;
  const abs = Math.abs(m.amount)
    .toString()
    .padStart(digits + 1, "0");
  const major = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  return negative ? `-${major}` : major;
}

/** A person's "1,234.5" in a form field to minor units; null when it is not an amount. */
export function parseMajorUnits(input: string, currency: string): Money | null {
  const cleaned = input.replace(/[,\s]/g, "").replace(/^\$/, "");
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  const digits = minorDigits(currency);
  const fraction = cleaned.split(".")[1] ?? "";
  if (fraction.length > digits) return null;
  return decimalToMinor(cleaned, currency);
}
