/**
 * Counts down to a text's limit and says plainly when it is over: the server refuses it then and nothing is cut
 * (a browser's maxLength cuts pasted text silently, mid-word). Every limited text box shows this as its hint.
 */
export function CharacterCountdown({ length, limit }: { length: number; limit: number }) {
  const left = limit - length;
  const n = (value: number) => value.toLocaleString("en-US");
  return (
    <span aria-live="polite" data-testid="character-countdown" className={left < 0 ? "font-medium text-red-700" : undefined}>
      {left >= 0 ? `${n(left)} of ${n(limit)} characters left` : `${n(-left)} characters over the ${n(limit)}-character limit: shorten it to submit`}
    </span>
  );
}
