/**
 * Lexical cohesion at sentence gaps, after TextTiling (Hearst 1997): compare the content
 * words in a window before each gap with a window after it (cosine of stem counts), smooth,
 * and score each gap by how deep a valley it sits in. Gaps are between sentences, not fixed
 * 20-token pseudo-sentences, because chapter boundaries must fall on sentence starts anyway;
 * windows are short (25 content words) because briefing topics are often under a minute.
 */

export interface TilingOptions {
  /** Content tokens per side of a gap (Hearst's block size × pseudo-sentence length, scaled down for short topics). */
  window?: number;
  /** Smoothing half-width in gaps. */
  smooth?: number;
}

/** Short press-briefing topics repeat few words: weight each stem by how few sentences use it. */
function inverseSentenceFrequency(sentences: ReadonlyArray<readonly string[]>): Map<string, number> {
  const sf = new Map<string, number>();
  for (const s of sentences) for (const k of new Set(s)) sf.set(k, (sf.get(k) ?? 0) + 1);
  const out = new Map<string, number>();
  for (const [k, f] of sf) out.set(k, Math.log((sentences.length + 1) / f));
  return out;
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of a) {
    na += v * v;
    const w = b.get(k);
    if (w) dot += v * w;
  }
  for (const v of b.values()) nb += v * v;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * Depth score for the gap before each sentence 1..n-1 of `sentences` (arrays of stem keys);
 * index 0 is always 0. Higher means a stronger vocabulary shift.
 */
export function depthScores(sentences: ReadonlyArray<readonly string[]>, options: TilingOptions = {}): number[] {
  const n = sentences.length;
  const window = options.window ?? 25;
  const smoothHalf = options.smooth ?? 0;
  const isf = inverseSentenceFrequency(sentences);
  const sim = new Array<number>(n).fill(0);
  for (let g = 1; g < n; g++) {
    const left = new Map<string, number>();
    let count = 0;
    for (let i = g - 1; i >= 0 && count < window; i--) {
      for (const k of sentences[i]!) {
        left.set(k, (left.get(k) ?? 0) + isf.get(k)!);
        count++;
      }
    }
    const right = new Map<string, number>();
    count = 0;
    for (let i = g; i < n && count < window; i++) {
      for (const k of sentences[i]!) {
        right.set(k, (right.get(k) ?? 0) + isf.get(k)!);
        count++;
      }
    }
    sim[g] = cosine(left, right);
  }
  // Smooth over neighbouring gaps (gap 0 does not exist).
  const smoothed = sim.map((_, g) => {
    if (g === 0) return 0;
    let sum = 0;
    let c = 0;
    for (let j = Math.max(1, g - smoothHalf); j <= Math.min(n - 1, g + smoothHalf); j++) {
      sum += sim[j]!;
      c++;
    }
    return sum / c;
  });
  const depth = new Array<number>(n).fill(0);
  for (let g = 1; g < n; g++) {
    const s = smoothed[g]!;
    let l = s;
    for (let j = g - 1; j >= 1 && smoothed[j]! >= l; j--) l = smoothed[j]!;
    let r = s;
    for (let j = g + 1; j < n && smoothed[j]! >= r; j++) r = smoothed[j]!;
    depth[g] = l - s + (r - s);
  }
  return depth;
}
