import type { Features } from './features.js';

/**
 * Dynamic time warping between a stretch of the reference (rows) and a stretch of the recording
 * (columns). Both kinds used by capsync are *subsequence* searches: the reference stretch must be
 * matched whole, but it may start and end anywhere inside the recording window, which is what lets
 * capsync find where a sentence is spoken instead of assuming text and audio span each other.
 *
 * Frames are compared by 1 − dot product of CMVN features scaled by 1/√dims (see align.ts).
 */

/** Extra cost of a non-diagonal fine step: discourages warping that sound does not call for. */
const STEP_PENALTY = 0.1;
/** Plain DTW in the fine pass: a diagonal step costs one local distance, like the others. */
const DIAG_WEIGHT = 1;

/** 1 − dot product of reference frame `i` and audio frame `j`: ~0 for matching frames, ~1 for unrelated. */
function frameDistance(ref: Features, i: number, audio: Features, j: number): number {
  const dims = ref.dims;
  const a = ref.data;
  const b = audio.data;
  const ra = i * dims;
  const rb = j * dims;
  let dot = 0;
  for (let d = 0; d < dims; d++) dot += a[ra + d] * b[rb + d];
  return 1 - dot;
}

/**
 * 1 − dot product of reference frame `row` with audio frames [from, to), into `out[0..]`. This is
 * where alignment spends its time, so the 12-coefficient case is unrolled with the reference frame
 * held in locals (about twice as fast as the generic loop in V8).
 */
function rowDistances(ref: Features, row: number, audio: Features, from: number, to: number, out: Float64Array): void {
  const dims = ref.dims;
  const a = audio.data;
  const r = ref.data;
  const base = row * dims;
  if (dims === 12) {
    const r0 = r[base], r1 = r[base + 1], r2 = r[base + 2], r3 = r[base + 3];
    const r4 = r[base + 4], r5 = r[base + 5], r6 = r[base + 6], r7 = r[base + 7];
    const r8 = r[base + 8], r9 = r[base + 9], r10 = r[base + 10], r11 = r[base + 11];
    for (let j = from, k = 0, b = from * 12; j < to; j++, k++, b += 12) {
      out[k] =
        1 -
        (r0 * a[b] + r1 * a[b + 1] + r2 * a[b + 2] + r3 * a[b + 3] + r4 * a[b + 4] + r5 * a[b + 5] +
          r6 * a[b + 6] + r7 * a[b + 7] + r8 * a[b + 8] + r9 * a[b + 9] + r10 * a[b + 10] + r11 * a[b + 11]);
    }
  } else {
    for (let j = from, k = 0; j < to; j++, k++) {
      const b = j * dims;
      let dot = 0;
      for (let q = 0; q < dims; q++) dot += r[base + q] * a[b + q];
      out[k] = 1 - dot;
    }
  }
}

/**
 * Where each side has sound (1) or silence (0), and what a disagreement costs. Spectra alone
 * barely tell a quiet onset from room tone, so without this a word's first frames happily sit in
 * the pause before it; with it, reference speech lands on recorded speech and the pauses absorb
 * each other.
 */
export interface VoicingGuide {
  ref: Uint8Array;
  audio: Uint8Array;
  /** Reference speech frame on a silent recording frame. */
  speechOnSilence: number;
  /** Reference silence on a recording frame with sound (a pause the speaker did not make). */
  silenceOnSpeech: number;
  /**
   * Ceiling on the cost of a reference pause over recorded speech: the price of speech with no
   * text (a sentence missing from the transcript), which the path pays by idling on a pause.
   */
  textless: number;
  /** Cost per frame of waiting on a reference speech row through recorded silence (a pause the reference lacks). */
  pauseInsert: number;
  /** Cost per recorded speech frame the path's free start passes over. */
  skipSpeech: number;
}

/**
 * Adds the voicing terms to a row of distances. A reference pause over a recorded pause is a
 * perfect match whatever the room tone sounds like: distance 0, and (flagged in `quiet`) no step
 * penalty either, so a pause of any length costs nothing to stretch over.
 */
function addVoicingCost(voicing: VoicingGuide, row: number, lo: number, hi: number, out: Float64Array, quiet: Uint8Array): void {
  const refVoiced = voicing.ref[row] ?? 0;
  const audio = voicing.audio;
  const penalty = refVoiced ? voicing.speechOnSilence : voicing.silenceOnSpeech;
  for (let j = lo, k = 0; j <= hi; j++, k++) {
    const audioVoiced = audio[j] ?? 0;
    quiet[k] = 0;
    if (audioVoiced !== refVoiced) out[k] = refVoiced ? out[k] + penalty : Math.min(out[k] + penalty, voicing.textless);
    else if (!refVoiced) {
      out[k] = 0;
      quiet[k] = 1;
    }
  }
}

export interface SearchResult {
  /** Best match: first and last audio frame (inclusive). */
  audioStart: number;
  audioEnd: number;
  /** Path cost per unit of path weight at the best end (lower is better, ~0..2). */
  cost: number;
  /** How far the best match stands out from the other end points in the window (robust z-score). */
  distinctness: number;
  /** Normalized cost at each end column of the window (Infinity where no path ends). */
  curve: Float32Array;
  /** Per end column: the start column (window-relative) of its best path. */
  starts: Int32Array;
}

/**
 * Slope-limited subsequence DTW (steps (1,1), (1,2), (1,3), (2,1), so the local rate ratio stays
 * within 1:2..3:1): where in audio frames [windowStart, windowEnd) is reference frames
 * [refStart, refEnd) best matched? Step weights make a path's total weight n + m, so costs divided
 * by n + m compare end points fairly. Memory is O(window): only three rows are kept.
 */
export function searchSubsequence(
  ref: Features,
  refStart: number,
  refEnd: number,
  audio: Features,
  windowStart: number,
  windowEnd: number,
): SearchResult | null {
  const n = refEnd - refStart;
  const m = windowEnd - windowStart;
  if (n < 2 || m < Math.ceil(n / 2) + 1) return null;
  const cost = [new Float64Array(m), new Float64Array(m), new Float64Array(m)];
  const start = [new Int32Array(m), new Int32Array(m), new Int32Array(m)];
  // Local distances of rows i and i-1 (the (2,1) step passes through row i-1 at column j).
  let local = new Float64Array(m);
  let prevLocal = new Float64Array(m);
  rowDistances(ref, refStart, audio, windowStart, windowEnd, prevLocal);
  for (let j = 0; j < m; j++) {
    cost[0][j] = 2 * prevLocal[j];
    start[0][j] = j;
  }
  for (let i = 1; i < n; i++) {
    const cur = cost[i % 3];
    const prev = cost[(i - 1) % 3];
    const prev2 = cost[(i + 1) % 3];
    const curStart = start[i % 3];
    const prevStart = start[(i - 1) % 3];
    const prev2Start = start[(i + 1) % 3];
    const refRow = refStart + i;
    rowDistances(ref, refRow, audio, windowStart, windowEnd, local);
    cur[0] = Infinity;
    curStart[0] = 0;
    for (let j = 1; j < m; j++) {
      const d = local[j];
      let best = prev[j - 1] + 2 * d;
      let bestStart = prevStart[j - 1];
      if (j >= 2) {
        const c = prev[j - 2] + local[j - 1] + 2 * d;
        if (c < best) {
          best = c;
          bestStart = prevStart[j - 2];
        }
      }
      if (j >= 3) {
        // (1,3): a pause in the recording that the reference does not have.
        const c = prev[j - 3] + local[j - 2] + local[j - 1] + 2 * d;
        if (c < best) {
          best = c;
          bestStart = prevStart[j - 3];
        }
      }
      if (i >= 2) {
        const c = prev2[j - 1] + prevLocal[j] + 2 * d;
        if (c < best) {
          best = c;
          bestStart = prev2Start[j - 1];
        }
      }
      cur[j] = best;
      curStart[j] = bestStart;
    }
    const swap = prevLocal;
    prevLocal = local;
    local = swap;
  }
  const last = cost[(n - 1) % 3];
  const lastStart = start[(n - 1) % 3];
  const curve = new Float32Array(m);
  let bestJ = -1;
  let bestCost = Infinity;
  for (let j = 0; j < m; j++) {
    const value = last[j] / (n + (j - lastStart[j] + 1));
    curve[j] = Number.isFinite(value) ? value : Infinity;
    if (value < bestCost) {
      bestCost = value;
      bestJ = j;
    }
  }
  if (bestJ < 0) return null;
  return {
    audioStart: windowStart + lastStart[bestJ],
    audioEnd: windowStart + bestJ,
    cost: bestCost,
    distinctness: distinctnessAt(curve, bestJ, n),
    curve,
    starts: Int32Array.from(lastStart),
  };
}

/**
 * Robust z-score of the best end against end points at least a match-length away: a true match is
 * a deep, isolated dip; a block that is not in the window gives a minimum no deeper than the noise.
 */
export function distinctnessAt(curve: Float32Array, bestJ: number, n: number): number {
  const others: number[] = [];
  const exclusion = Math.max(4, n);
  for (let j = 0; j < curve.length; j++) {
    if (Math.abs(j - bestJ) > exclusion && Number.isFinite(curve[j])) others.push(curve[j]);
  }
  // Too little audio around the match to judge how it stands out: say so, and let the caller decide.
  if (others.length < 8) return Number.NaN;
  others.sort((a, b) => a - b);
  const median = others[others.length >> 1];
  const deviations = others.map((v) => Math.abs(v - median)).sort((a, b) => a - b);
  const mad = deviations[deviations.length >> 1] * 1.4826 || 1e-6;
  return (median - curve[bestJ]) / mad;
}

/** A warping path: for each reference frame of the aligned stretch, the audio frames it covers. */
export interface WarpPath {
  refStart: number;
  /** Per reference frame (from refStart): first and last audio frame matched to it. */
  audioFirst: Int32Array;
  audioLast: Int32Array;
  /** Per reference frame: mean local distance of its matched cells. */
  localCost: Float32Array;
}

/**
 * Fine alignment of reference frames [refStart, refEnd) inside a band of audio columns per row
 * (`bandLo[i]..bandHi[i]`, non-decreasing). Plain steps (1,0), (0,1), (1,1), the first two with a
 * small penalty, let pauses in the recording stretch freely; the path may start anywhere in row 0's
 * band and end anywhere in the last row's band (normalized by path weight), so the edges are found, not assumed.
 */
export function alignInBand(
  ref: Features,
  refStart: number,
  refEnd: number,
  audio: Features,
  bandLo: Int32Array,
  bandHi: Int32Array,
  voicing?: VoicingGuide,
): WarpPath {
  const n = refEnd - refStart;
  const offsets = new Int32Array(n + 1);
  let widest = 0;
  for (let i = 0; i < n; i++) {
    const width = bandHi[i] - bandLo[i] + 1;
    offsets[i + 1] = offsets[i] + width;
    widest = Math.max(widest, width);
  }
  // Backpointers for every band cell (1 byte each: an hour at ±1.5 s is ~110 MB); costs and path
  // weights only for the previous and current row.
  const back = new Uint8Array(offsets[n]); // 0 diagonal, 1 from left (audio advances), 2 from below (ref advances), 3 start
  let prevCost = new Float64Array(widest);
  let prevWeight = new Float64Array(widest);
  let cost = new Float64Array(widest);
  let weight = new Float64Array(widest);

  const distances = new Float64Array(widest);
  const quiet = new Uint8Array(widest);
  const skipCost = voicing?.skipSpeech ?? 0;
  let skipped = 0;
  for (let i = 0; i < n; i++) {
    const lo = bandLo[i];
    const hi = bandHi[i];
    const base = offsets[i];
    const prevLo = i > 0 ? bandLo[i - 1] : 0;
    const prevHi = i > 0 ? bandHi[i - 1] : -1;
    rowDistances(ref, refStart + i, audio, lo, hi + 1, distances);
    if (voicing) addVoicingCost(voicing, refStart + i, lo, hi, distances, quiet);
    for (let j = lo; j <= hi; j++) {
      const k = j - lo;
      const d = distances[k];
      let best = Infinity;
      let bestWeight = 0;
      let move = 3;
      if (i === 0) {
        // Free start anywhere in the first row's band (subsequence search), but recorded speech
        // passed over costs a little: otherwise starting late is free, and a run's first words,
        // squeezed against the second's, skip the speech they belong to.
        best = 2 * d + skipped * skipCost;
        bestWeight = 2;
        if (voicing?.audio[j]) skipped++;
      } else {
        const stepPenalty = quiet[k] ? 0 : STEP_PENALTY;
        if (j > lo) {
          // Waiting on a row through recorded silence is a pause, which a speaker may make
          // anywhere: it costs a flat pauseInsert, not the row's distance to silence.
          const c = cost[k - 1] + (voicing && !voicing.audio[j] && !quiet[k] ? voicing.pauseInsert : d + stepPenalty);
          if (c < best) {
            best = c;
            bestWeight = weight[k - 1] + 1;
            move = 1;
          }
        }
        if (j >= prevLo && j <= prevHi) {
          const kp = j - prevLo;
          const c = prevCost[kp] + d + stepPenalty;
          if (c < best) {
            best = c;
            bestWeight = prevWeight[kp] + 1;
            move = 2;
          }
        }
        if (j - 1 >= prevLo && j - 1 <= prevHi) {
          const kp = j - 1 - prevLo;
          const c = prevCost[kp] + DIAG_WEIGHT * d;
          if (c < best) {
            best = c;
            bestWeight = prevWeight[kp] + 2;
            move = 0;
          }
        }
      }
      cost[k] = best;
      weight[k] = bestWeight;
      back[base + k] = move;
    }
    if (i < n - 1) {
      [prevCost, cost] = [cost, prevCost];
      [prevWeight, weight] = [weight, prevWeight];
    }
  }

  // Open end: best normalized cost in the last row.
  const lastLo = bandLo[n - 1];
  let endJ = lastLo;
  let endScore = Infinity;
  for (let j = lastLo; j <= bandHi[n - 1]; j++) {
    const score = cost[j - lastLo] / weight[j - lastLo];
    if (score < endScore) {
      endScore = score;
      endJ = j;
    }
  }

  const audioFirst = new Int32Array(n).fill(-1);
  const audioLast = new Int32Array(n).fill(-1);
  const costSum = new Float64Array(n);
  const costCount = new Int32Array(n);
  let i = n - 1;
  let j = endJ;
  for (;;) {
    const k = offsets[i] + (j - bandLo[i]);
    if (audioLast[i] < 0) audioLast[i] = j;
    audioFirst[i] = j;
    costSum[i] += frameDistance(ref, refStart + i, audio, j);
    costCount[i]++;
    const move = back[k];
    if (move === 3) break;
    if (move === 0) {
      i--;
      j--;
    } else if (move === 1) {
      j--;
    } else {
      i--;
    }
    if (i < 0 || j < bandLo[i]) break;
  }
  // Rows skipped by the walk (cannot happen with these steps, but keep the path total).
  for (let r = 1; r < n; r++) {
    if (audioFirst[r] < 0) {
      audioFirst[r] = audioLast[r - 1];
      audioLast[r] = audioLast[r - 1];
    }
  }
  const localCost = new Float32Array(n);
  for (let r = 0; r < n; r++) localCost[r] = costCount[r] ? costSum[r] / costCount[r] : 1;
  return { refStart, audioFirst, audioLast, localCost };
}
