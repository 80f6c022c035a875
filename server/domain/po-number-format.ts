/**
 * A company's PO number format, as an admin writes it: `#` is a digit, `@` a letter, `*` one letter or digit, and
 * anything else stands for itself ("PO-######" is PO- and six digits). Not a regular expression on purpose: an admin
 * types it, a buyer is told it in words, and no pattern can make checking a PO number slow.
 */
export type PoNumberFormatProblem = { field: "poNumberPattern" | "poNumberExample"; message: string };

const MAX_PATTERN = 60;

function fits(symbol: string, char: string): boolean {
  if (symbol === "#") return /^[0-9]$/.test(char);
  if (symbol === "@") return /^[A-Za-z]$/.test(char);
  if (symbol === "*") return /^[A-Za-z0-9]$/.test(char);
  return symbol.toLowerCase() === char.toLowerCase();
}

/** Whether a PO number has the format; letters outside the placeholders match either case. */
export function matchesPoNumberFormat(pattern: string, poNumber: string): boolean {
  const symbols = [...pattern];
  const chars = [...poNumber.trim()];
  return symbols.length === chars.length && symbols.every((symbol, i) => fits(symbol, chars[i]!));
}

const PLACEHOLDER_WORDS: Record<string, [string, string]> = {
  "#": ["digit", "digits"],
  "@": ["letter", "letters"],
  "*": ["letter or digit", "letters or digits"],
};

/** The format in words for the buyer: "PO- then 6 digits". */
export function describePoNumberFormat(pattern: string): string {
  // Runs of one placeholder, or of plain characters: "PO-", "######".
  const runs = [...pattern].reduce<string[]>((acc, symbol) => {
    const last = acc.at(-1);
    const sameRun = last !== undefined && (PLACEHOLDER_WORDS[symbol] ? last[0] === symbol : !PLACEHOLDER_WORDS[last[0]!]);
    if (sameRun) acc[acc.length - 1] = last + symbol;
    else acc.push(symbol);
    return acc;
  }, []);
  return runs
    .map((run) => {
      const words = PLACEHOLDER_WORDS[run[0]!];
      return words ? `${run.length} ${run.length === 1 ? words[0] : words[1]}` : run;
    })
    .join(" then ");
}

/** A format the admin saves must be usable and its example must fit it; null when both are fine. */
export function poNumberFormatProblem(pattern: string, example: string): PoNumberFormatProblem | null {
  if (pattern.length > MAX_PATTERN) return { field: "poNumberPattern", message: `A PO number format can be at most ${MAX_PATTERN} characters.` };
  if (!/[#@*]/.test(pattern)) {
    return { field: "poNumberPattern", message: "A PO number format needs at least one # (a digit), @ (a letter) or * (either), e.g. PO-######." };
  }
  if (/\s/.test(pattern)) return { field: "poNumberPattern", message: "A PO number format cannot contain spaces." };
  if (!example) return { field: "poNumberExample", message: "Give an example PO number, so buyers see what one looks like." };
  if (!matchesPoNumberFormat(pattern, example)) {
    return { field: "poNumberExample", message: `The example ${example} does not fit the format ${pattern} (${describePoNumberFormat(pattern)}).` };
  }
  return null;
}
