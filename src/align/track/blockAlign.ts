/**
 * Global alignment of one block of transcript tokens to one block of track tokens with affine
 * gap costs (Gotoh). Affine gaps matter here: a 2-minute untranscribed answer is one gap, so
 * it costs one opening plus a small per-token extension, and the alignment never gains by
 * breaking it up to match a stray "the" inside it (that would need two more openings).
 * Besides 1:1 pairs it allows 2:1 and 1:2 merges ("counter terrorism" ↔ "counterterrorism",
 * "us" ↔ "u s"). Memory: one byte of traceback per cell plus six rows of scores.
 */
import type { TokenTable } from './similarity.js';

/** A matched span: transcript tokens [a0,a1) ↔ track tokens [b0,b1), with their similarity. */
export interface TokenLink {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
  sim: number;
}

export const SCORE = {
  gapOpen: -1.5,
  /** Opening a gap at a natural break (a sentence start, a pause in the track) costs less… */
  gapOpenAtBreak: -0.9,
  /** …and so does closing one at a sentence end or before a pause: gaps snap to breaks. */
  gapCloseAtBreak: 0.5,
  gapExtend: -0.05,
  /** Score of a pair of unrelated words (similarity 0). */
  mismatch: -0.6,
  /**
   * Merges are allowed only for near-identical joined forms that explain the pair clearly
   * better than either token alone ("spending"+"so" is not "spendin").
   */
  minMergeSim: 0.8,
  minMergeGain: 0.15,
};

/**
 * Score of aligning two tokens of similarity `sim`: +`weight` when identical, 0 at 0.5,
 * `SCORE.mismatch` for unrelated words. `weight` < 1 for very frequent words, so a stray "the" is weak evidence.
 */
export function pairScore(sim: number, weight = 1): number {
  if (sim >= 0.999) return weight;
  if (sim >= 0.5) return (1.6 * sim - 0.8) * weight;
  return 2 * SCORE.mismatch * (0.5 - sim);
}

/** Per-token costs of the two sequences (indexed like A and B). */
export interface BlockCosts {
  /** Cost of a gap starting at this token (negative). */
  aOpen: Float64Array;
  bOpen: Float64Array;
  /** Bonus when a gap ends with this token (≥ 0). */
  aClose: Float64Array;
  bClose: Float64Array;
  /** Match weight of each transcript token. */
  aWeight: Float64Array;
  /** 1 when token k and k+1 may merge into one token of the other side (same sentence; no pause between). */
  aJoin: Uint8Array;
  bJoin: Uint8Array;
}

const NEG = -1e18;

/** Align A[a0,a1) with B[b0,b1); returns the links in order. */
export function alignBlock(
  table: TokenTable, A: Int32Array, B: Int32Array, costs: BlockCosts,
  a0: number, a1: number, b0: number, b1: number,
): TokenLink[] {
  const p = a1 - a0;
  const q = b1 - b0;
  if (p === 0 || q === 0) return [];
  const W = q + 1;
  const tb = new Uint8Array((p + 1) * W);
  // Rolling rows: index 0 = row i, 1 = row i-1, 2 = row i-2.
  const M = [new Float64Array(W), new Float64Array(W), new Float64Array(W)];
  const X = [new Float64Array(W), new Float64Array(W), new Float64Array(W)];
  const Y = [new Float64Array(W), new Float64Array(W), new Float64Array(W)];
  const len = (id: number): number => table.strings[id].length;
  const first = (id: number): string => table.strings[id][0];
  const { gapExtend, minMergeSim, minMergeGain } = SCORE;
  const { aOpen, bOpen, aClose, bClose, aWeight, aJoin, bJoin } = costs;
  // Best predecessor among M/X/Y at (i, j) of a given row set, with the bonus for closing a gap there.
  const bestInto = (m: Float64Array, x: Float64Array, y: Float64Array, i: number, j: number): [number, number] => {
    const vm = m[j];
    const vx = x[j] + (i > 0 ? aClose[a0 + i - 1] : 0);
    const vy = y[j] + (j > 0 ? bClose[b0 + j - 1] : 0);
    if (vm >= vx && vm >= vy) return [vm, 0];
    if (vx >= vy) return [vx, 1];
    return [vy, 2];
  };

  for (let i = 0; i <= p; i++) {
    for (const S of [M, X, Y]) {
      const t = S[2];
      S[2] = S[1];
      S[1] = S[0];
      S[0] = t;
    }
    const m0 = M[0], x0 = X[0], y0 = Y[0];
    const m1 = M[1], x1 = X[1], y1 = Y[1];
    const m2 = M[2], x2 = X[2], y2 = Y[2];
    const ai = i > 0 ? A[a0 + i - 1] : -1;
    const aPrev = i > 1 ? A[a0 + i - 2] : -1;
    const wi = i > 0 ? aWeight[a0 + i - 1] : 1;
    for (let j = 0; j <= q; j++) {
      const cell = i * W + j;
      if (i === 0 && j === 0) {
        m0[0] = 0;
        x0[0] = NEG;
        y0[0] = NEG;
        continue;
      }
      let code = 0;
      // M: 1:1, 2:1 (two transcript tokens, one track token), 1:2.
      let bestM = NEG;
      let mCode = 15;
      if (i > 0 && j > 0) {
        const bj = B[b0 + j - 1];
        const s = pairScore(table.sim(ai, bj), wi);
        const [v, st] = bestInto(m1, x1, y1, i - 1, j - 1);
        if (v + s > bestM) {
          bestM = v + s;
          mCode = st;
        }
        if (i > 1 && aJoin[a0 + i - 2] && first(aPrev) === first(bj) && Math.abs(len(aPrev) + len(ai) - len(bj)) <= 2) {
          const js = table.joinedSim([aPrev, ai], bj);
          if (js >= minMergeSim && js >= Math.max(table.sim(aPrev, bj), table.sim(ai, bj)) + minMergeGain) {
            const [v2, st2] = bestInto(m2, x2, y2, i - 2, j - 1);
            const s2 = 2 * pairScore(js, wi);
            if (v2 + s2 > bestM) {
              bestM = v2 + s2;
              mCode = 3 + st2;
            }
          }
        }
        if (j > 1) {
          const bPrev = B[b0 + j - 2];
          if (bJoin[b0 + j - 2] && first(bPrev) === first(ai) && Math.abs(len(bPrev) + len(bj) - len(ai)) <= 2) {
            const js = table.joinedSim([bPrev, bj], ai);
            if (js >= minMergeSim && js >= Math.max(table.sim(ai, bPrev), table.sim(ai, bj)) + minMergeGain) {
              const [v2, st2] = bestInto(m1, x1, y1, i - 1, j - 2);
              const s2 = 2 * pairScore(js, wi);
              if (v2 + s2 > bestM) {
                bestM = v2 + s2;
                mCode = 6 + st2;
              }
            }
          }
        }
      }
      m0[j] = bestM;
      code |= mCode;
      // X: transcript token i-1 left unmatched (vertical move).
      if (i > 0) {
        const open = aOpen[a0 + i - 1];
        const o = m1[j] + open;
        const e = x1[j] + gapExtend;
        const c = y1[j] + (j > 0 ? bClose[b0 + j - 1] : 0) + open;
        if (e >= o && e >= c) {
          x0[j] = e;
          code |= 1 << 4;
        } else if (o >= c) x0[j] = o;
        else {
          x0[j] = c;
          code |= 2 << 4;
        }
      } else x0[j] = NEG;
      // Y: track token j-1 left unmatched (horizontal move).
      if (j > 0) {
        const open = bOpen[b0 + j - 1];
        const o = m0[j - 1] + open;
        const e = y0[j - 1] + gapExtend;
        const c = x0[j - 1] + (i > 0 ? aClose[a0 + i - 1] : 0) + open;
        if (e >= o && e >= c) {
          y0[j] = e;
          code |= 2 << 6;
        } else if (o >= c) y0[j] = o;
        else {
          y0[j] = c;
          code |= 1 << 6;
        }
      } else y0[j] = NEG;
      tb[cell] = code;
    }
  }

  // Traceback. States: 0 = M, 1 = X, 2 = Y. The block ends where an anchor match follows, so a
  // final gap closes there.
  const links: TokenLink[] = [];
  let i = p;
  let j = q;
  let [, state] = bestInto(M[0], X[0], Y[0], p, q);
  while (i > 0 || j > 0) {
    const code = tb[i * W + j];
    if (state === 0) {
      const m = code & 15;
      const move = Math.floor(m / 3);
      const prevState = m % 3;
      const di = move === 1 ? 2 : 1;
      const dj = move === 2 ? 2 : 1;
      const ta = A.subarray(a0 + i - di, a0 + i);
      const tbk = B.subarray(b0 + j - dj, b0 + j);
      const sim = move === 0 ? table.sim(ta[0], tbk[0]) : move === 1 ? table.joinedSim([ta[0], ta[1]], tbk[0]) : table.joinedSim([tbk[0], tbk[1]], ta[0]);
      links.push({ a0: a0 + i - di, a1: a0 + i, b0: b0 + j - dj, b1: b0 + j, sim });
      i -= di;
      j -= dj;
      state = prevState;
    } else if (state === 1) {
      state = (code >> 4) & 3;
      i -= 1;
    } else {
      state = (code >> 6) & 3;
      j -= 1;
    }
  }
  return links.reverse();
}
