/**
 * Viterbi search over a StateNetwork, in the "normalized" domain: a state's score at frame t is
 * its senone's log-likelihood minus the best CI senone's at t (the frame's background, an
 * unconstrained phone loop), so a path's total is a log-likelihood ratio against "any speech
 * sound at all": near 0 where the text is spoken, far below 0 where it is not. Garbage states
 * score a flat `garbageLog` per frame.
 */
import { GARBAGE, type StateNetwork } from './network.js';

export interface FrameScores {
  frames: number;
  /** Log-likelihood of every CI senone, `frames × senones`. */
  senone: Float32Array;
  senones: number;
  /** Best CI senone log-likelihood per frame. */
  background: Float32Array;
}

const NONE = -1e30;

/** One located match: frames [start, end), its total log-likelihood ratio and transitions. */
export interface SubsequenceMatch {
  start: number;
  end: number;
  score: number;
}

/**
 * The best way through the whole network ending at each frame of [from, to), starting anywhere
 * (subsequence search). Returns per end frame the total score and start frame (NONE/−1 where no
 * path ends).
 */
export function subsequenceScores(
  net: StateNetwork,
  fs: FrameScores,
  from: number,
  to: number,
  garbageLog: number,
): { total: Float64Array; start: Int32Array; emission: Float64Array; wordFrames: Int32Array } {
  const S = net.size;
  const n = Math.max(0, to - from);
  const total = new Float64Array(n).fill(NONE);
  const start = new Int32Array(n).fill(-1);
  // Along each state's best path: the emission scores and the number of frames of word states
  // only (pauses and garbage left out), so a match is judged by how well its words fit.
  const emission = new Float64Array(n);
  const wordFrames = new Int32Array(n);
  let prevEmission = new Float64Array(S);
  let curEmission = new Float64Array(S);
  let prevFrames = new Int32Array(S);
  let curFrames = new Int32Array(S);
  let prev = new Float64Array(S).fill(NONE);
  let cur = new Float64Array(S);
  let prevStart = new Int32Array(S).fill(-1);
  let curStart = new Int32Array(S);
  const isInitial = new Uint8Array(S);
  for (const s of net.initials) isInitial[s] = 1;
  const { senone: scores, senones, background } = fs;
  for (let i = 0; i < n; i++) {
    const t = from + i;
    const row = t * senones;
    const bg = background[t];
    for (let s = 0; s < S; s++) {
      let best = prev[s] + net.selfLog[s];
      let from_ = s;
      if (s > 0) {
        const v = prev[s - 1] + net.nextLog[s - 1];
        if (v > best) {
          best = v;
          from_ = s - 1;
        }
      }
      const a1 = net.altFrom1[s];
      if (a1 >= 0) {
        const v = prev[a1] + net.altLog1[s];
        if (v > best) {
          best = v;
          from_ = a1;
        }
        const a2 = net.altFrom2[s];
        if (a2 >= 0) {
          const v2 = prev[a2] + net.altLog2[s];
          if (v2 > best) {
            best = v2;
            from_ = a2;
          }
        }
      }
      let origin = prevStart[s === from_ ? s : from_];
      let emitted = prevEmission[from_];
      let counted = prevFrames[from_];
      if (isInitial[s] && best < 0) {
        best = 0;
        origin = t;
        emitted = 0;
        counted = 0;
      }
      const sen = net.senone[s];
      const e = sen === GARBAGE ? garbageLog : scores[row + sen] - bg;
      cur[s] = best + e;
      curStart[s] = origin;
      if (net.word[s] >= 0) {
        curEmission[s] = emitted + e;
        curFrames[s] = counted + 1;
      } else {
        curEmission[s] = emitted;
        curFrames[s] = counted;
      }
    }
    let bestEnd = NONE;
    let bestStart = -1;
    let bestEmission = 0;
    let bestFrames = 0;
    for (const f of net.finals) {
      if (cur[f] > bestEnd) {
        bestEnd = cur[f];
        bestStart = curStart[f];
        bestEmission = curEmission[f];
        bestFrames = curFrames[f];
      }
    }
    total[i] = bestEnd;
    start[i] = bestStart;
    emission[i] = bestEmission;
    wordFrames[i] = bestFrames;
    [prev, cur] = [cur, prev];
    [prevStart, curStart] = [curStart, prevStart];
    [prevEmission, curEmission] = [curEmission, prevEmission];
    [prevFrames, curFrames] = [curFrames, prevFrames];
  }
  return { total, start, emission, wordFrames };
}

/**
 * The best path through the whole network from frame `from` to frame `to − 1` (it starts in an
 * initial state and ends in a final one). Returns the state of each frame, or null when the
 * window is shorter than the network's shortest path.
 */
export function forcedAlignment(net: StateNetwork, fs: FrameScores, from: number, to: number, garbageLog: number): { path: Int32Array; score: number } | null {
  const S = net.size;
  const n = to - from;
  if (n <= 0) return null;
  const back = new Uint8Array(S * n);
  let prev = new Float64Array(S).fill(NONE);
  let cur = new Float64Array(S);
  const { senone: scores, senones, background } = fs;
  for (let i = 0; i < n; i++) {
    const t = from + i;
    const row = t * senones;
    const bg = background[t];
    const out = i * S;
    for (let s = 0; s < S; s++) {
      let best = NONE;
      let how = 0;
      if (i === 0) {
        if (net.initials.includes(s)) best = 0;
      } else {
        best = prev[s] + net.selfLog[s];
        if (s > 0) {
          const v = prev[s - 1] + net.nextLog[s - 1];
          if (v > best) {
            best = v;
            how = 1;
          }
        }
        const a1 = net.altFrom1[s];
        if (a1 >= 0) {
          const v = prev[a1] + net.altLog1[s];
          if (v > best) {
            best = v;
            how = 2;
          }
          const a2 = net.altFrom2[s];
          if (a2 >= 0) {
            const v2 = prev[a2] + net.altLog2[s];
            if (v2 > best) {
              best = v2;
              how = 3;
            }
          }
        }
      }
      if (best <= NONE / 2) {
        cur[s] = NONE;
        continue;
      }
      const sen = net.senone[s];
      cur[s] = best + (sen === GARBAGE ? garbageLog : scores[row + sen] - bg);
      back[out + s] = how;
    }
    [prev, cur] = [cur, prev];
  }
  let state = -1;
  let score = NONE;
  for (const f of net.finals) {
    if (prev[f] > score) {
      score = prev[f];
      state = f;
    }
  }
  if (state < 0 || score <= NONE / 2) return null;
  const path = new Int32Array(n);
  for (let i = n - 1; i >= 0; i--) {
    path[i] = state;
    if (i === 0) break;
    const how = back[i * S + state];
    if (how === 1) state -= 1;
    else if (how === 2) state = net.altFrom1[state];
    else if (how === 3) state = net.altFrom2[state];
  }
  return { path, score };
}
