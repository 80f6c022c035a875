/** A clock for token-bucket tests: time moves only when the test (or a bucket's sleep) moves it. */
export function fakeClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    sleep: async (ms: number) => {
      now += ms;
    },
  };
}
