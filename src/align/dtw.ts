import type { Features } from './features.js';
import { distanceRow, subsequenceLastRow } from './kernels.js';

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
/** Backpointer codes of the fine pass: 0 diagonal, 1 from the left, 2 from below, 3 start, 4 textless run. */
const IN_RUN = 4;
const MOVE_MASK = 7;
/** Flag on a cell whose textless run carries on from the cell to its left (rather than opening there). */
const RUN_CONTINUES = 8;

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
  /**
   * Reference rows at a word's end (1): a pause the speaker makes between two words is waited out
   * there, at `pauseInsertAtWordEnd`, so it goes between the words rather than into the next
   * word's start (the two otherwise cost the same, and a short word after a pause began at the
   * pause's start).
   */
  wordEnds?: Uint8Array;
  pauseInsertAtWordEnd?: number;
  /**
   * Speech with no text as one event (an affine price, like a gap in sequence alignment): waiting
   * on a reference pause between sentences (`textlessRows`) through recorded speech may instead
   * pay `textlessOpen` once and `textlessExtend` per frame. A sentence missing from the transcript
   * then costs about the same whatever its length, so the path waits it out at a sentence boundary
   * instead of hiding it under a misplaced phrase.
   */
  textlessOpen?: number;
  textlessExtend?: number;
  /** Reference rows where a textless run may be (1): the pauses between sentences. */
  textlessRows?: Uint8Array;
  /** Cost per recorded speech frame the path's free start passes over. */
  skipSpeech: number;
  /**
   * The open end pays `skipSpeech` too, for each recorded speech frame it leaves between the
   * path's end and the next pause of at least this many frames: speech running straight on from
   * a run's last word is its own, not something to skip. (Without it a run could end early for
   * free, laying its last words on a missing sentence before them.)
   */
  endPauseFrames?: number;
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
  // The dynamic programme runs in WebAssembly (assembly/dtw.ts); only its last row comes back.
  const { cost: last, start: lastStart } = subsequenceLastRow(ref.data, refStart, n, audio.data, ref.dims, windowStart, m);
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
    starts: lastStart,
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

  const quiet = new Uint8Array(widest);
  // Textless runs (see VoicingGuide.textlessOpen): per cell of the current row, the best cost and
  // path weight of a path that is inside such a run there, kept as a scalar along the row.
  const affine = voicing?.textlessOpen !== undefined && voicing.textlessExtend !== undefined;
  const open = voicing?.textlessOpen ?? 0;
  const extend = voicing?.textlessExtend ?? 0;
  const skipCost = voicing?.skipSpeech ?? 0;
  let skipped = 0;
  for (let i = 0; i < n; i++) {
    const lo = bandLo[i];
    const hi = bandHi[i];
    const base = offsets[i];
    const prevLo = i > 0 ? bandLo[i - 1] : 0;
    const prevHi = i > 0 ? bandHi[i - 1] : -1;
    // Floored at 0 (by the kernel): 1 − dot of normalized features goes below 0 on loud,
    // well-matched frames, and a negative step cost rewarded the path for lingering (it squeezed
    // a run of words onto one such frame).
    const distances = distanceRow(ref.data, refStart + i, audio.data, ref.dims, lo, hi + 1, true);
    const waitCost = voicing ? (voicing.wordEnds?.[refStart + i] ? (voicing.pauseInsertAtWordEnd ?? voicing.pauseInsert) : voicing.pauseInsert) : 0;
    if (voicing) addVoicingCost(voicing, refStart + i, lo, hi, distances, quiet);
    const runRow = affine && i > 0 && !(voicing!.ref[refStart + i] ?? 0) && (voicing!.textlessRows?.[refStart + i] ?? 1) === 1;
    let runCost = Infinity;
    let runWeight = 0;
    for (let j = lo; j <= hi; j++) {
      const k = j - lo;
      const d = distances[k];
      let best = Infinity;
      let bestWeight = 0;
      let move = 3;
      let runFlag = 0;
      if (runRow && j > lo && voicing!.audio[j]) {
        // Open a run from the best path at the previous cell, or carry the run on.
        const opened = cost[k - 1] + open;
        if (opened <= runCost) {
          runCost = opened;
          runWeight = weight[k - 1];
        } else runFlag = RUN_CONTINUES;
        runCost += extend;
        runWeight += 1;
      } else {
        runCost = Infinity;
      }
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
          const c = cost[k - 1] + (voicing && !voicing.audio[j] && !quiet[k] ? waitCost : d + stepPenalty);
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
      if (runCost < best) {
        best = runCost;
        bestWeight = runWeight;
        move = IN_RUN;
      }
      cost[k] = best;
      weight[k] = bestWeight;
      back[base + k] = move | runFlag;
    }
    if (i < n - 1) {
      [prevCost, cost] = [cost, prevCost];
      [prevWeight, weight] = [weight, prevWeight];
    }
  }

  // Open end: best normalized cost in the last row.
  const lastLo = bandLo[n - 1];
  const skippedAfter = voicing?.endPauseFrames ? speechBeforePause(voicing.audio, lastLo, bandHi[n - 1], voicing.endPauseFrames) : null;
  let endJ = lastLo;
  let endScore = Infinity;
  for (let j = lastLo; j <= bandHi[n - 1]; j++) {
    const skipped = skippedAfter ? skippedAfter[j - lastLo] * skipCost : 0;
    const score = (cost[j - lastLo] + skipped) / weight[j - lastLo];
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
  // Inside a textless run, the walk follows the run's own links, not each cell's best move.
  let inRun = false;
  for (;;) {
    const k = offsets[i] + (j - bandLo[i]);
    if (audioLast[i] < 0) audioLast[i] = j;
    audioFirst[i] = j;
    costSum[i] += frameDistance(ref, refStart + i, audio, j);
    costCount[i]++;
    const cell = back[k];
    if (!inRun && (cell & MOVE_MASK) === IN_RUN) inRun = true;
    if (inRun) {
      // The run's previous cell is in the run too, or is where it was opened from.
      inRun = (cell & RUN_CONTINUES) !== 0;
      j--;
      if (j < bandLo[i]) break;
      continue;
    }
    const move = cell & MOVE_MASK;
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

/**
 * For each audio frame j in [lo, hi]: how many speech frames follow it before the next pause of at
 * least `pauseFrames` silent frames (a pause j is inside counts whole; frames past `hi` count as
 * a pause).
 */
export function speechBeforePause(speech: Uint8Array, lo: number, hi: number, pauseFrames: number): Int32Array {
  const out = new Int32Array(hi - lo + 1);
  let count = 0;
  let f = hi;
  while (f > lo) {
    if (speech[f]) {
      out[f - 1 - lo] = ++count;
      f--;
      continue;
    }
    // The whole silent run ending at f (it may start before lo); one touching hi runs on past it.
    let g = f;
    while (g >= 0 && !speech[g]) g--;
    if (f === hi || f - g >= pauseFrames) count = 0;
    const stop = Math.max(g, lo);
    for (let k = f; k > stop; k--) out[k - 1 - lo] = count;
    f = stop;
  }
  return out;
}
