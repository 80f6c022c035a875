import { describe, expect, it } from "vitest";
import { budgetPosition, checkCharge, csvRow, parsePeriod, periodContaining, periodKey, periodLabel, periodsOverlap } from "./budgets";
import { CurrencyMismatchError, money } from "./money";

const usd = (n: number) => money(n, "USD");

describe("budget periods", () => {
  it("finds the month, quarter and year a date falls in (UTC)", () => {
    const at = new Date("2026-11-22T05:33:00Z");
    expect(periodContaining("month", at)).toMatchObject({ start: new Date("2026-11-01T00:00:00Z"), end: new Date("2026-12-01T00:00:00Z") });
    expect(periodContaining("quarter", at)).toMatchObject({ start: new Date("2026-10-01T00:00:00Z"), end: new Date("2027-01-01T00:00:00Z") });
    expect(periodContaining("year", at)).toMatchObject({ start: new Date("2026-01-01T00:00:00Z"), end: new Date("2027-01-01T00:00:00Z") });
    expect(periodLabel(periodContaining("quarter", at))).toBe("Q4 2026");
    expect(periodLabel(periodContaining("month", at))).toBe("November 2026");
  });

  it("tells overlapping budgets apart from adjacent ones", () => {
    const nov = periodContaining("month", new Date("2026-11-05Z"));
    const dec = periodContaining("month", new Date("2026-12-05Z"));
    const q4 = periodContaining("quarter", new Date("2026-11-05Z"));
    expect(periodsOverlap(nov, dec)).toBe(false);
    expect(periodsOverlap(nov, q4)).toBe(true);
    expect(periodsOverlap(dec, q4)).toBe(true);
  });
});

describe("budget position", () => {
  it("remaining is budget minus reserved minus committed; released money counts nowhere", () => {
    const position = budgetPosition(usd(1_000_000), [
      { state: "reserved", amount: usd(250_000) },
      { state: "committed", amount: usd(300_000) },
      { state: "released", amount: usd(900_000) },
    ]);
    expect(position).toEqual({
      budget: usd(1_000_000),
      reserved: usd(250_000),
      committed: usd(300_000),
      remaining: usd(450_000),
      overBudget: false,
      invoiced: { ordered: usd(0), invoiced: usd(0) },
    });
  });

  it("shows what matched invoices charge against what those orders were ordered at; the invoiced amount is what counts", () => {
    const position = budgetPosition(usd(100_000), [
      { state: "committed", amount: usd(20_500), invoiced: { ordered: usd(20_000) } },
      { state: "committed", amount: usd(30_000) },
      { state: "released", amount: usd(9_000), invoiced: { ordered: usd(9_000) } },
    ]);
    expect(position.invoiced).toEqual({ ordered: usd(20_000), invoiced: usd(20_500) });
    expect(position.remaining).toEqual(usd(49_500));
  });

  it("says what a new charge leaves and whether it goes over", () => {
    const position = budgetPosition(usd(100_000), [{ state: "committed", amount: usd(60_000) }]);
    expect(checkCharge(position, usd(40_000))).toEqual({ overBudget: false, leaves: usd(0) });
    expect(checkCharge(position, usd(40_001))).toEqual({ overBudget: true, leaves: usd(-1) });
  });

  it("refuses to add spend in another currency", () => {
    expect(() => budgetPosition(usd(100), [{ state: "reserved", amount: money(1, "EUR") }])).toThrow(CurrencyMismatchError);
    expect(() => checkCharge(budgetPosition(usd(100), []), money(1, "EUR"))).toThrow(CurrencyMismatchError);
  });
});

describe("CSV", () => {
  it("quotes fields with commas, quotes and line breaks", () => {
    expect(csvRow(["CC-4420", "Facilities, Cincinnati", 'The "big" order', "two\nlines", "1234.50"])).toBe(
      'CC-4420,"Facilities, Cincinnati","The ""big"" order","two\nlines",1234.50',
    );
  });

  it("keeps a spreadsheet from running a name as a formula, but leaves negative amounts alone", () => {
    expect(csvRow(['=HYPERLINK("x")', "+1", "@SUM(A1)", "-cmd", "-14.50", -3])).toBe(`"'=HYPERLINK(""x"")",'+1,'@SUM(A1),'-cmd,-14.50,-3`);
  });
});

describe("periods as people write them", () => {
  it("reads a month, a quarter and a year", () => {
    expect(parsePeriod("2026-11")).toEqual({ kind: "month", start: new Date("2026-11-01T00:00:00Z"), end: new Date("2026-12-01T00:00:00Z") });
    expect(parsePeriod(" 2026-q4 ")).toEqual({ kind: "quarter", start: new Date("2026-10-01T00:00:00Z"), end: new Date("2027-01-01T00:00:00Z") });
    expect(parsePeriod("2027")).toEqual({ kind: "year", start: new Date("2027-01-01T00:00:00Z"), end: new Date("2028-01-01T00:00:00Z") });
    expect(parsePeriod("2026-12")?.end).toEqual(new Date("2027-01-01T00:00:00Z"));
  });

  it("refuses what is not a period", () => {
    for (const text of ["2026-13", "2026-00", "2026-Q5", "Nov 2026", "", "26-11", "2026-11-01"]) expect(parsePeriod(text)).toBeNull();
  });

  it("writes back what it reads", () => {
    for (const text of ["2026-01", "2026-11", "2026-Q1", "2026-Q4", "2026"]) expect(periodKey(parsePeriod(text)!)).toBe(text);
  });
});
