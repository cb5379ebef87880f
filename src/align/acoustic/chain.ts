/**
 * The heaviest chain: of items in transcript order, the subsequence whose places also follow each
 * other in time (each ends before the next starts) with the largest total weight. The anchors of a
 * search (locate.ts) and the blocks two passes place (carry.ts) are kept in order this way: an
 * item out of order is a repeated phrase, chance, or a map's mistake. Returns the kept indices.
 */
export function heaviestChain<T>(items: readonly T[], weight: (item: T) => number, span: (item: T) => { start: number; end: number }): number[] {
  const own = items.map(weight);
  const total = own.slice();
  const previous = items.map(() => -1);
  for (let i = 0; i < items.length; i++) {
    const start = span(items[i]).start;
    for (let j = 0; j < i; j++) {
      if (span(items[j]).end <= start && total[j] + own[i] > total[i]) {
        total[i] = total[j] + own[i];
        previous[i] = j;
      }
    }
  }
  const chain: number[] = [];
  let at = total.length ? total.indexOf(Math.max(...total)) : -1;
  while (at >= 0) {
    chain.push(at);
    at = previous[at];
  }
  return chain.reverse();
}

/** A place that barely beats its shuffles still weighs something in a chain. */
const MIN_WEIGHT_Z = 0.1;

/**
 * A timed or located piece's weight in a chain: its words, times how far its text beats its
 * shuffled impostors there (where two places cross, the text more clearly spoken at its place wins).
 */
export function chainWeight(words: number, impostorZ: number): number {
  return words * Math.max(impostorZ, MIN_WEIGHT_Z);
}
