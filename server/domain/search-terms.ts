/**
 * What a buyer types into a catalog search, turned into what the mirror is asked: the words (matched as prefixes, so
 * "nitr" finds nitrile while it is being typed) and, for a word that begins no word the catalog has, the catalog's
 * words one typo away ("glvoes" finds gloves). Pure: the database finds the candidate words (pg_trgm), this decides.
 */

/** Shorter words are kept out of the spelling vocabulary and never corrected: too short to tell a typo from another word. */
export const MIN_FUZZY_WORD_LENGTH = 3;
/** A search is a few words; the rest of a pasted paragraph is ignored. */
export const MAX_SEARCH_WORDS = 8;
/** Corrections tried per misspelt word. */
const MAX_CORRECTIONS = 3;

/** The words of a search, lower case, split where the database splits the catalog's words (anything not a letter or digit). */
export function searchWords(q: string): string[] {
  const words = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return [...new Set(words)].slice(0, MAX_SEARCH_WORDS);
}

/** How many edits a typed word may be from a catalog word: none below four letters, one up to seven, two from eight. */
export function allowedEdits(word: string): number {
  const n = [...word].length;
  return n <= MIN_FUZZY_WORD_LENGTH ? 0 : n < 8 ? 1 : 2;
}

/**
 * Edits between two words (insert, delete, substitute, or swap two neighbours: "glvoes" is one edit from "gloves",
 * the optimal string alignment distance), stopping early once it is over `max`.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > max) return max + 1;
  let previous2: number[] = [];
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, previous2[j - 2]! + 1);
      current.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[t.length]!;
}

/**
 * The catalog words a typed word may have meant. None when some catalog word starts with it (it is a word being typed,
 * which the prefix match finds) or when it is too short; otherwise the candidates within its allowed edits, closest first.
 */
export function correctionsFor(typed: string, candidates: readonly string[]): string[] {
  if (candidates.some((c) => c.startsWith(typed))) return [];
  const max = allowedEdits(typed);
  if (max === 0) return [];
  return candidates
    .map((word) => ({ word, distance: editDistance(typed, word, max) }))
    .filter((c) => c.distance <= max)
    .sort((a, b) => a.distance - b.distance || a.word.localeCompare(b.word))
    .slice(0, MAX_CORRECTIONS)
    .map((c) => c.word);
}

/**
 * A to_tsquery text: every word must match, each as a prefix or as one of its corrections. Words hold only letters and
 * digits (searchWords), so nothing a buyer types can reach the query syntax.
 */
export function prefixQuery(words: readonly string[], corrections: ReadonlyMap<string, readonly string[]> = new Map()): string {
  return words
    .map((w) => {
      const alternatives = [`${w}:*`, ...(corrections.get(w) ?? [])];
      return alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(" | ")})`;
    })
    .join(" & ");
}
