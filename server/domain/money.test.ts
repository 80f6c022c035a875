import { describe, expect, it } from "vitest";
import { addMoney, CurrencyMismatchError, decimalToMinor, formatMoney, money, multiplyMoney, parseMajorUnits, sumMoney, toMajorUnitString } from "./money";

describe("money", () => {
  it("keeps amounts as whole minor units", () => {
    expect(money(2450, "USD")).toEqual({ amount: 2450, currency: "USD" });
    expect(() => money(24.5, "USD")).toThrow(/whole number of minor units/);
    expect(() => money(100, "usd")).toThrow(/ISO currency/);
  });

  it("adds and multiplies without mixing currencies", () => {
    expect(addMoney(money(2450, "USD"), money(1200, "USD"))).toEqual(money(3650, "USD"));
    expect(() => addMoney(money(1, "USD"), money(1, "EUR"))).toThrow(CurrencyMismatchError);
    expect(multiplyMoney(money(2175, "USD"), 12)).toEqual(money(26100, "USD"));
    expect(() => multiplyMoney(money(2175, "USD"), 1.5)).toThrow(/whole number/);
    expect(sumMoney([money(1, "USD"), money(2, "USD")], "USD")).toEqual(money(3, "USD"));
    expect(sumMoney([], "EUR")).toEqual(money(0, "EUR"));
  });

  it("converts supplier decimals half away from zero, without float error", () => {
    expect(decimalToMinor("24.50", "USD").amount).toBe(2450);
    expect(decimalToMinor("0.005", "USD").amount).toBe(1);
    expect(decimalToMinor("0.0049", "USD").amount).toBe(0);
    expect(decimalToMinor("1.005", "USD").amount).toBe(101); // 1.005 in binary is 1.00499..., the string rule still gives 101
    expect(decimalToMinor(1.005, "USD").amount).toBe(101);
    expect(decimalToMinor("-2.345", "USD").amount).toBe(-235);
    expect(decimalToMinor("1500", "JPY").amount).toBe(1500);
    expect(decimalToMinor("12.5", "JPY").amount).toBe(13);
    expect(() => decimalToMinor("12,50", "USD")).toThrow(/Not a decimal/);
  });

  it("formats for people and for CSV", () => {
    expect(formatMoney(money(123450, "USD"))).toBe("$1,234.50");
    expect(toMajorUnitString(money(123450, "USD"))).toBe("1234.50");
    expect(toMajorUnitString(money(-5, "USD"))).toBe("-0.05");
    expect(toMajorUnitString(money(1500, "JPY"))).toBe("1500");
  });

  it("parses what a person types into a money field", () => {
    expect(parseMajorUnits("1,234.5", "USD")).toEqual(money(123450, "USD"));
    expect(parseMajorUnits("$50", "USD")).toEqual(money(5000, "USD"));
    expect(parseMajorUnits("12.345", "USD")).toBeNull();
    expect(parseMajorUnits("abc", "USD")).toBeNull();
  });
});
