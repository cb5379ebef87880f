/**
 * Coarse anchors for the text alignment: maximal runs of identical tokens that start with a
 * k-gram occurring exactly once on each side (the idea behind patience diff), chained into the
 * heaviest monotone sequence. Runs cut a 10k × 10k alignment into small blocks, so the DP
 * between them needs memory proportional to the blocks, not to the whole product.
 */

export interface TokenRun {
  /** Start in the transcript token sequence. */
  i: number;
  /** Start in the track token sequence. */
  j: number;
  len: number;
}

/**
 * Runs of ≥ `minLen` identical tokens (before trimming two off each end) inside the block A[a0,a1) × B[b0,b1), seeded by k-grams
 * unique within the block on both sides, chained so that they increase on both sides without
 * overlapping and their total length is maximal.
 */
export function findAnchorRuns(
  A: Int32Array, B: Int32Array,
  a0: number, a1: number, b0: number, b1: number,
  k: number, minLen: number,
): TokenRun[] {
  if (a1 - a0 < k || b1 - b0 < k) return [];
  const key = (S: Int32Array, p: number): string => {
    let s = String(S[p]);
    for (let t = 1; t < k; t++) s += `,${S[p + t]}`;
    return s;
  };
  // Count k-grams on each side; -1 marks "seen more than once".
  const inA = new Map<string, number>();
  for (let i = a0; i + k <= a1; i++) {
    const g = key(A, i);
    inA.set(g, inA.has(g) ? -1 : i);
  }
  const inB = new Map<string, number>();
  for (let j = b0; j + k <= b1; j++) {
    const g = key(B, j);
    if (inA.has(g)) inB.set(g, inB.has(g) ? -1 : j);
  }
  const seen = new Set<string>();
  const runs: TokenRun[] = [];
  for (const [g, j] of inB) {
    const i = inA.get(g)!;
    if (i < 0 || j < 0) continue;
    let s = 0;
    while (i - s - 1 >= a0 && j - s - 1 >= b0 && A[i - s - 1] === B[j - s - 1]) s++;
    let e = k;
    while (i + e < a1 && j + e < b1 && A[i + e] === B[j + e]) e++;
    // Trim the ends: a run extended by exact matching can reach across the edge of a gap
    // ("…sense of urgency | we" where "we" starts a paragraph missing from the track); the DP
    // with its boundary-aware gap costs decides the edges instead.
    const trim = Math.min(2, Math.floor((s + e - 1) / 2));
    const run = { i: i - s + trim, j: j - s + trim, len: s + e - 2 * trim };
    const id = `${run.i}:${run.j}`;
    if (run.len >= minLen && !seen.has(id)) {
      seen.add(id);
      runs.push(run);
    }
  }
  return heaviestChain(runs, b0, b1);
}

/** Heaviest chain of runs increasing and non-overlapping on both sides: O(r log r) with a max-Fenwick tree. */
function heaviestChain(runs: TokenRun[], b0: number, b1: number): TokenRun[] {
  if (runs.length <= 1) return runs;
  const byStart = [...runs].sort((x, y) => x.i - y.i || x.j - y.j);
  const byEnd = [...byStart].sort((x, y) => x.i + x.len - (y.i + y.len));
  const size = b1 - b0 + 2;
  const treeVal = new Float64Array(size + 1);
  const treeIdx = new Int32Array(size + 1).fill(-1);
  const best = new Map<TokenRun, number>();
  const prev = new Map<TokenRun, TokenRun | null>();
  const index = new Map<TokenRun, number>(byStart.map((r, n) => [r, n]));
  const update = (pos: number, value: number, idx: number): void => {
    for (let p = pos; p <= size; p += p & -p) {
      if (value > treeVal[p]) {
        treeVal[p] = value;
        treeIdx[p] = idx;
      }
    }
  };
  const query = (pos: number): [number, number] => {
    let v = 0;
    let idx = -1;
    for (let p = pos; p > 0; p -= p & -p) {
      if (treeVal[p] > v) {
        v = treeVal[p];
        idx = treeIdx[p];
      }
    }
    return [v, idx];
  };
  let e = 0;
  let top: TokenRun | null = null;
  let topVal = 0;
  for (const r of byStart) {
    // Make every run that ends (on the transcript side) before r starts available.
    while (e < byEnd.length && byEnd[e].i + byEnd[e].len <= r.i) {
      const done = byEnd[e++];
      // Position = its end on the track side (1-based, offset by b0).
      update(done.j + done.len - b0 + 1, best.get(done)!, index.get(done)!);
    }
    const [v, idx] = query(r.j - b0 + 1);
    const value = v + r.len;
    best.set(r, value);
    prev.set(r, idx >= 0 ? byStart[idx] : null);
    if (value > topVal) {
      topVal = value;
      top = r;
    }
  }
  const chain: TokenRun[] = [];
  for (let r = top; r; r = prev.get(r) ?? null) chain.push(r);
  return chain.reverse();
}
