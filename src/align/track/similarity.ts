/**
 * Word similarity for matching a transcript token to an ASR token. Dice on letter bigrams
 * (string-similarity) catches inflections and partial mishearings ("allies" ~ "ally's");
 * a normalized edit distance catches the short words bigrams miss ("rutte" ~ "rute").
 * Tokens are interned to ids so the cost matrix of the DP is a cache lookup.
 */
import stringSimilarity from 'string-similarity';

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** 0..1 similarity of two normalized tokens. */
export function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (!a || !b) return 0;
  const longest = Math.max(a.length, b.length);
  // Two different short words ("a"/"i", "in"/"on") are different words, not near-misses.
  if (longest <= 2) return 0;
  const dice = stringSimilarity.compareTwoStrings(a, b);
  const edit = 1 - levenshtein(a, b) / longest;
  // Edit ratio over-rates short pairs ("the"/"she" = 0.67), so it only counts from 5 letters.
  return longest >= 5 ? Math.max(dice, edit) : dice;
}

/** Interns tokens to small integers and caches pairwise similarities. */
export class TokenTable {
  private readonly ids = new Map<string, number>();
  readonly strings: string[] = [];
  private readonly cache = new Map<number, number>();

  id(token: string): number {
    let id = this.ids.get(token);
    if (id === undefined) {
      id = this.strings.length;
      this.ids.set(token, id);
      this.strings.push(token);
    }
    return id;
  }

  /** Id of a token already interned, if any. */
  lookup(token: string): number | undefined {
    return this.ids.get(token);
  }

  /** Similarity of two interned tokens (cached; symmetric). */
  sim(a: number, b: number): number {
    if (a === b) return 1;
    const key = a < b ? a * 4194304 + b : b * 4194304 + a;
    let s = this.cache.get(key);
    if (s === undefined) {
      s = tokenSimilarity(this.strings[a], this.strings[b]);
      this.cache.set(key, s);
    }
    return s;
  }

  /** Similarity of a concatenation of tokens with one token ("counter"+"terrorism" vs "counterterrorism"). */
  joinedSim(parts: number[], other: number): number {
    const joined = parts.map((p) => this.strings[p]).join('');
    const o = this.strings[other];
    if (joined === o) return 1;
    // Cheap reject: joined forms must start alike and have similar length.
    if (joined[0] !== o[0] || Math.abs(joined.length - o.length) > 2) return 0;
    return tokenSimilarity(joined, o);
  }
}
