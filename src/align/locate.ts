import { poolFeatures, type Features } from './features.js';
import { speechStretchStart, type SpeechMask } from './speech.js';
import type { Reference } from './reference.js';
import { distinctnessAt, searchSubsequence, type SearchResult } from './dtw.js';

/** A stretch of the reference searched for as one piece: one or more whole sentences. */
export interface SearchBlock {
  firstWord: number;
  /** Inclusive. */
  lastWord: number;
  /** Seconds in the reference. */
  refStart: number;
  refEnd: number;
}

export interface LocatedBlock extends SearchBlock {
  found: boolean;
  /** Seconds in the recording (meaningful when found). */
  audioStart: number;
  audioEnd: number;
  cost: number;
  distinctness: number;
  /** Which pass found it. */
  foundBy: 'forward' | 'global' | 'gap' | 'track' | null;
}

/** Shortest block searched on its own: shorter sentences are joined to the next one. */
const MIN_BLOCK_SECONDS = 3;
/** How far ahead of the previous match the forward search looks before giving up locally. */
const FORWARD_WINDOW_SECONDS = 75;
/** Distinctness a match needs, per pass (robust z-score of the cost dip). */
const Z_FORWARD = 4.5;
const Z_GLOBAL = 7;
const Z_GAP = 3;
/** A short block's gap match is ambiguous when a separate match costs less than this more. */
const AMBIGUOUS_MARGIN = 0.03;
/** A match starting within this many seconds of the previous one counts as contiguous. */
const NEAR_SECONDS = 4;
/** Extra audio beyond three block-lengths in the short first window of the contiguous search. */
const NEAR_WINDOW_SECONDS = 8;
const Z_NEAR = 2;
/** Mean frame cost (cosine distance) above which a dip is not a match whatever its shape. */
const MAX_COST = 0.75;
/** Contiguous matches need less distinctness, but must match well (true matches cost 0.45–0.62). */
const NEAR_MAX_COST = 0.63;
const SOLE_MATCH_MAX_COST = 0.66;
/** How far above the recording's typical match cost a contiguous match may be. */
const NEAR_COST_MARGIN = 0.05;
/** Length of the probe used to (re)anchor the search. */
const PROBE_SECONDS = 15;
const Z_PROBE = 4;
/** The middle step of the widening search, in seconds ahead of the last match. */
const WIDE_WINDOW_SECONDS = 300;

/** Join synthesis units into search blocks of at least a few seconds (short ones are not distinctive). */
export function planSearchBlocks(reference: Reference): SearchBlock[] {
  const blocks: Array<SearchBlock & { paragraph: number }> = [];
  let current: (SearchBlock & { paragraph: number }) | null = null;
  const close = () => {
    if (!current) return;
    const last = blocks[blocks.length - 1];
    // A fragment too short to find on its own joins the previous block of its paragraph.
    if (last && last.paragraph === current.paragraph && current.refEnd - current.refStart < MIN_BLOCK_SECONDS / 2) {
      last.lastWord = current.lastWord;
      last.refEnd = current.refEnd;
    } else blocks.push(current);
    current = null;
  };
  for (const unit of reference.units) {
    if (current && current.paragraph !== unit.paragraph) close();
    if (!current) current = { paragraph: unit.paragraph, firstWord: unit.firstWord, lastWord: unit.lastWord, refStart: unit.start, refEnd: unit.end };
    else {
      current.lastWord = unit.lastWord;
      current.refEnd = unit.end;
    }
    if (current.refEnd - current.refStart >= MIN_BLOCK_SECONDS) close();
  }
  close();
  return blocks.map(({ paragraph: _paragraph, ...block }) => block);
}

/**
 * Find each block in the recording without assuming text and audio span each other:
 *  - forward pass: search a window ahead of the last match; after repeated misses, search the whole
 *    rest of the recording (a long untranscribed stretch, or intro music of any length);
 *  - consistency: keep the heaviest chain of matches that is in order in both text and time;
 *  - gap pass: blocks still missing are searched again between their located neighbours, where
 *    a weaker dip is enough because the place is already pinned down.
 * A block found by none of them is reported as not spoken: its words are never forced into the audio.
 */
export function locateBlocks(
  blocks: readonly SearchBlock[],
  ref: Features,
  audio: Features,
  onProgress: (fraction: number) => void = () => undefined,
  mask?: SpeechMask,
): LocatedBlock[] {
  const hop = ref.hop;
  const located: LocatedBlock[] = blocks.map((b) => ({ ...b, found: false, audioStart: 0, audioEnd: 0, cost: Infinity, distinctness: 0, foundBy: null }));
  const frameOf = (seconds: number) => Math.round(seconds / hop);

  let cursor = 0;
  // Whether the cursor sits right after a located block (so the next block should follow closely).
  let anchored = false;
  // Blocks missed in a row since the last match.
  let misses = 0;
  const rough = { ref: poolFeatures(ref, ROUGH_FACTOR), audio: poolFeatures(audio, ROUGH_FACTOR) };
  const nearBar = new NearCostBar();
  located.forEach((block, b) => {
    onProgress((b / located.length) * 0.9);
    const refStart = frameOf(block.refStart);
    const refEnd = Math.min(ref.frames, frameOf(block.refEnd));
    const refLength = refEnd - refStart;
    if (!anchored) {
      // Lost (start of the talk, or after a passage that was not found): re-anchor with a longer
      // probe of the next blocks, which stands out far more clearly than one sentence does.
      const probeEnd = probeEndFor(located, b, ref.frames, frameOf);
      const ahead = Math.max(frameOf(FORWARD_WINDOW_SECONDS), (probeEnd - refStart) * 4);
      const windowStart = Math.max(0, cursor - frameOf(2));
      let probe = searchSubsequence(ref, refStart, probeEnd, audio, windowStart, Math.min(audio.frames, cursor + ahead));
      // The whole rest of the recording is searched only at the start or after a second miss in a
      // row: one unspoken sentence should not cost a search of the entire file.
      if (!accept(probe, Z_PROBE) && (cursor === 0 || misses >= 1)) {
        // Widen step by step: a few minutes ahead first (most lost places are there), the whole
        // rest of the recording only after a third miss in a row (a search of the whole file costs
        // as much as a hundred local ones).
        const wide = Math.min(audio.frames, cursor + frameOf(WIDE_WINDOW_SECONDS));
        let found = searchRoughThenFine(rough, ref, refStart, probeEnd, audio, windowStart, wide);
        if (!accept(found, Z_GLOBAL) && wide < audio.frames && misses >= 2) {
          found = searchRoughThenFine(rough, ref, refStart, probeEnd, audio, windowStart, audio.frames);
        }
        probe = accept(found, Z_GLOBAL) ? found : null;
      }
      if (probe) cursor = probe.audioStart;
    }
    const expectNear = anchored || cursor > 0;
    const windowStart = Math.max(0, cursor - frameOf(2));
    // Speech is mostly contiguous: a match that starts right after the previous one needs less
    // evidence than one far ahead. Look for it first in a short window (most blocks end there, and
    // the search costs in proportion to the window), then in the long one.
    if (expectNear) {
      const shortEnd = Math.min(audio.frames, cursor + refLength * 3 + frameOf(NEAR_WINDOW_SECONDS));
      const short = searchSubsequence(ref, refStart, refEnd, audio, windowStart, shortEnd);
      const near = short ? nearCandidate(short, windowStart, cursor, refLength, frameOf(NEAR_SECONDS)) : null;
      if (near && accept(near, Z_NEAR, nearBar.value)) {
        record(block, near, hop, 'forward');
        nearBar.record(near.cost);
        cursor = near.audioEnd;
        anchored = true;
        misses = 0;
        return;
      }
    }
    const ahead = Math.max(frameOf(FORWARD_WINDOW_SECONDS), refLength * 4);
    const local = searchSubsequence(ref, refStart, refEnd, audio, windowStart, Math.min(audio.frames, cursor + ahead));
    const near = local && expectNear ? nearCandidate(local, windowStart, cursor, refLength, frameOf(NEAR_SECONDS)) : null;
    if (near && accept(near, Z_NEAR, nearBar.value)) {
      record(block, near, hop, 'forward');
      nearBar.record(near.cost);
      cursor = near.audioEnd;
      anchored = true;
      misses = 0;
      return;
    }
    if (accept(local, Z_FORWARD)) {
      record(block, local!, hop, 'forward');
      nearBar.record(local!.cost);
      cursor = local!.audioEnd;
      anchored = true;
      misses = 0;
      return;
    }
    anchored = false;
    misses++;
  });

  keepConsistentChain(located);
  pullBackJumps(located, ref, audio);
  resolveRivalClaims(located, ref, audio);
  // A gap that its missing blocks exactly fill is better evidence than any single weak dip in it.
  fillFittingGaps(located, ref, audio, mask);

  // Gap pass: retry missing blocks between located neighbours.
  for (let b = 0; b < located.length; b++) {
    const block = located[b];
    if (block.found) continue;
    const prev = findNeighbour(located, b, -1);
    const next = findNeighbour(located, b, +1);
    const lo = prev ? frameOf(prev.audioEnd) - frameOf(0.5) : 0;
    const hi = next ? frameOf(next.audioStart) + frameOf(0.5) : audio.frames;
    if (!next && !prev) continue;
    const refStart = frameOf(block.refStart);
    const refEnd = Math.min(ref.frames, frameOf(block.refEnd));
    const span = hi - lo;
    // Unbounded on one side (before the first / after the last match): only search a bounded window.
    const windowStart = Math.max(0, next && !prev ? hi - frameOf(FORWARD_WINDOW_SECONDS) : lo);
    const windowEnd = Math.min(audio.frames, prev && !next ? lo + frameOf(FORWARD_WINDOW_SECONDS) : hi);
    if (span < (refEnd - refStart) / 2) continue;
    const result = searchSubsequence(ref, refStart, refEnd, audio, windowStart, windowEnd);
    // A short block ("Good afternoon,") often matches a stretch of its neighbour's speech as well
    // as its own: with two separate dips of about the same cost, neither is evidence.
    if (refEnd - refStart < frameOf(MIN_BLOCK_SECONDS) && result && rivalDipCost(result) - result.cost < AMBIGUOUS_MARGIN) continue;
    if (accept(result, Z_GAP)) record(block, result!, hop, 'gap');
  }
  keepConsistentChain(located);
  fillFittingGaps(located, ref, audio, mask);
  if (mask) placeOpening(located, mask);
  onProgress(1);
  return located;
}

/** Audio (seconds) between a located block and the previous one, beyond its reference gap, that counts as a jump. */
const JUMP_SECONDS = 5;
/** How much worse a block may match right after its predecessor and still be moved back there. */
const JUMP_BACK_MARGIN = 0.03;

/**
 * A block located far past its predecessor (more audio between them than text), with the blocks
 * after it unlocated, may have jumped onto a later sentence that sounds like it. Speech is mostly
 * contiguous: if it matches nearly as well right after its predecessor, it is moved back there, and
 * its old place is left to the blocks that follow (the rival and gap passes place them).
 */
export function pullBackJumps(blocks: LocatedBlock[], ref: Features, audio: Features): void {
  const hop = ref.hop;
  const frameOf = (seconds: number) => Math.round(seconds / hop);
  for (let b = 1; b + 1 < blocks.length; b++) {
    const block = blocks[b];
    const prev = findNeighbour(blocks, b, -1);
    if (!block.found || !prev || blocks[b + 1].found) continue;
    const textBetween = block.refStart - prev.refEnd;
    const jump = block.audioStart - prev.audioEnd - textBetween;
    if (jump < JUMP_SECONDS) continue;
    const refStart = frameOf(block.refStart);
    const refEnd = Math.min(ref.frames, frameOf(block.refEnd));
    // Where it would be if the text between was spoken at up to ~1.5 times the reference's pace.
    const earliest = prev.audioEnd + 0.7 * textBetween;
    const windowStart = Math.max(0, frameOf(earliest - 0.5));
    const windowEnd = Math.min(frameOf(block.audioStart - 0.5), frameOf(earliest + 1.6 * textBetween + 2 * (block.refEnd - block.refStart) + 3));
    if (windowEnd - windowStart < refEnd - refStart) continue;
    const result = searchSubsequence(ref, refStart, refEnd, audio, windowStart, windowEnd);
    if (!result || result.cost > block.cost + JUMP_BACK_MARGIN) continue;
    record(block, { ...result, distinctness: Math.min(block.distinctness, Number.isFinite(result.distinctness) ? result.distinctness : block.distinctness) }, hop, block.foundBy);
  }
}

/** How many unlocated blocks after a located one may contest its place. */
const RIVAL_REACH = 12;
/** How much lower a rival's cost must be to take the place over. */
const RIVAL_MARGIN = 0.04;
/** Longest rival, relative to the holder, that may take its place. */
const RIVAL_MAX_RATIO = 2.5;

/**
 * A located block next to unlocated ones may have taken a place that belongs to one of them: "as
 * prepared" texts repeat their set phrases ("Let me be clear: … will not weaken our resolve"), and
 * the searched-first of two similar sentences wins the audio of whichever was spoken. When a later
 * unlocated block (before the next located one) matches that place clearly better, it gets the
 * place and the earlier block is unlocated; the next passes then treat the earlier one as missing.
 */
export function resolveRivalClaims(blocks: LocatedBlock[], ref: Features, audio: Features): void {
  const hop = ref.hop;
  const frameOf = (seconds: number) => Math.round(seconds / hop);
  for (let b = 0; b < blocks.length; b++) {
    const holder = blocks[b];
    if (!holder.found || b + 1 >= blocks.length || blocks[b + 1].found) continue;
    const windowStart = Math.max(0, frameOf(holder.audioStart - 2));
    let best: { block: number; result: SearchResult } | null = null;
    for (let c = b + 1; c < blocks.length && c <= b + RIVAL_REACH && !blocks[c].found; c++) {
      const rival = blocks[c];
      const refStart = frameOf(rival.refStart);
      const refEnd = Math.min(ref.frames, frameOf(rival.refEnd));
      // Rivals of about the holder's length can be the same sentence; a longer one can begin like
      // it ("Thank you. …"), and is then looked for from the holder's place on, over its own length.
      const holderLength = frameOf(holder.refEnd) - frameOf(holder.refStart);
      const ratio = (refEnd - refStart) / Math.max(1, holderLength);
      if (ratio < 0.6 || ratio > RIVAL_MAX_RATIO) continue;
      const windowEnd = Math.min(audio.frames, frameOf(holder.audioEnd + 2) + Math.max(0, refEnd - refStart - holderLength));
      const result = searchSubsequence(ref, refStart, refEnd, audio, windowStart, windowEnd);
      if (!result || result.cost > holder.cost - RIVAL_MARGIN) continue;
      // The rival must cover most of the holder's place, not a neighbouring stretch.
      const start = result.audioStart * hop;
      const end = (result.audioEnd + 1) * hop;
      const overlap = Math.min(end, holder.audioEnd) - Math.max(start, holder.audioStart);
      if (overlap < 0.5 * (holder.audioEnd - holder.audioStart)) continue;
      if (!best || result.cost < best.result.cost) best = { block: c, result };
    }
    if (!best) continue;
    record(blocks[best.block], { ...best.result, distinctness: holder.distinctness }, hop, holder.foundBy);
    holder.found = false;
    holder.foundBy = null;
    holder.cost = Infinity;
    holder.distinctness = 0;
    b = best.block;
  }
}

/**
 * Last resort for a short clip where some blocks did not stand out (too little audio to judge a
 * dip): assume, as classic aligners do, that the text spans the clip's sound. With nothing located,
 * the whole span is shared out by reference length; otherwise unlocated blocks before the first
 * located one (after the last) share the sound before (after) it. Only when the lengths are
 * plausible; such blocks get a low distinctness so the words' confidence says how they were placed.
 */
export function spanWholeClip(blocks: LocatedBlock[], speechStart: number, speechEnd: number): boolean {
  if (blocks.length === 0) return false;
  const firstFound = blocks.findIndex((b) => b.found);
  if (firstFound < 0) return shareSpan(blocks, 0, blocks.length, speechStart, speechEnd);
  let lastFound = blocks.length - 1;
  while (!blocks[lastFound].found) lastFound--;
  const before = shareSpan(blocks, 0, firstFound, speechStart, blocks[firstFound].audioStart);
  const after = shareSpan(blocks, lastFound + 1, blocks.length, blocks[lastFound].audioEnd, speechEnd);
  return before || after;
}

/** Blocks [from, to) spread over [start, end) by reference length, if their length fits it. */
function shareSpan(blocks: LocatedBlock[], from: number, to: number, start: number, end: number): boolean {
  if (to <= from) return false;
  const refLength = blocks[to - 1].refEnd - blocks[from].refStart;
  const span = end - start;
  if (span <= 0 || span < 0.5 * refLength || span > 3 * refLength + 2) return false;
  const scale = span / refLength;
  for (let b = from; b < to; b++) {
    const block = blocks[b];
    block.found = true;
    block.foundBy = 'gap';
    block.audioStart = start + (block.refStart - blocks[from].refStart) * scale;
    block.audioEnd = start + (block.refEnd - blocks[from].refStart) * scale;
    block.distinctness = 1;
    block.cost = 1;
  }
  return true;
}

/**
 * A run of unlocated blocks between two located ones, where the audio between them is about as
 * long as the run's speech would be: the run was spoken there (its dips were just too shallow), so
 * the gap is shared out in proportion to reference length and the fine pass places the words. An
 * unspoken passage leaves no such gap (its neighbours sit a pause apart) and stays unplaced.
 */
function fillFittingGaps(blocks: LocatedBlock[], ref: Features, audio: Features, mask?: SpeechMask): void {
  const hop = ref.hop;
  let b = 0;
  while (b < blocks.length) {
    if (blocks[b].found || b === 0 || !blocks[b - 1].found) {
      b++;
      continue;
    }
    let e = b;
    while (e < blocks.length && !blocks[e].found) e++;
    if (e >= blocks.length) break;
    const prev = blocks[b - 1];
    const next = blocks[e];
    const refLength = blocks[e - 1].refEnd - blocks[b].refStart;
    // The speech in the gap, without the pauses, applause or noise at its edges.
    let [gapStart, gapEnd] = mask ? speechWithin(mask, prev.audioEnd, next.audioStart) : [prev.audioEnd, next.audioStart];
    let gap = gapEnd - gapStart;
    if (gap >= 0.6 * refLength && gap <= 2.5 * refLength + 2) {
      // Where the missing blocks, taken together, end best in the gap: when the gap also holds
      // speech missing from the text (an ad-lib after them), sharing the whole gap would spread
      // them over it. Only the end is taken: a subsequence match's end is reliable, its start is
      // often late (the first words compress), so the gap's start stays.
      const fit = searchSubsequence(
        ref,
        Math.round(blocks[b].refStart / hop),
        Math.min(ref.frames, Math.round(blocks[e - 1].refEnd / hop)),
        audio,
        Math.floor(gapStart / hop),
        Math.min(audio.frames, Math.ceil(gapEnd / hop)),
      );
      const fitEnd = fit && fit.cost <= MAX_COST ? (fit.audioEnd + 1) * hop : gapEnd;
      if (fitEnd - gapStart >= 0.6 * refLength && fitEnd < gapEnd) {
        gapEnd = fitEnd;
        gap = gapEnd - gapStart;
      }
      const scale = gap / refLength;
      for (let k = b; k < e; k++) {
        const block = blocks[k];
        block.found = true;
        block.foundBy = 'gap';
        block.audioStart = gapStart + (block.refStart - blocks[b].refStart) * scale;
        block.audioEnd = gapStart + (block.refEnd - blocks[b].refStart) * scale;
        block.distinctness = Number.isFinite(block.distinctness) ? Math.min(block.distinctness, 1) : 1;
        block.cost = Number.isFinite(block.cost) ? block.cost : 1;
      }
    }
    b = e;
  }
}

/** A silence at least this long ends the speech a located block's start may be late in. */
const OPENING_PAUSE_SECONDS = 0.25;
/** How far back from a located start its own speech may run (a late start). */
const OPENING_REACH_SECONDS = 3;
/** A silence at least this long (or the recording's start) sets the opening's speech off before it. */
const OPENING_BREAK_SECONDS = 1;

/**
 * Unlocated blocks before the first located one: an opening greeting too short to stand out
 * ("Good afternoon,"). When the speech just before the located block's own (back to the pause
 * before it) is one stretch, set off by a long silence or the recording's start and about as long
 * as their text, they were spoken there. Placed like a shared gap (low distinctness), so the fine
 * pass finds the words and their confidence says how they were placed.
 */
export function placeOpening(blocks: LocatedBlock[], mask: SpeechMask): void {
  const first = blocks.findIndex((b) => b.found);
  if (first <= 0) return;
  const { speech, hop } = mask;
  const located = Math.min(speech.length, Math.round(blocks[first].audioStart / hop));
  const islandEnd = speechStretchStart(speech, located, Math.round(OPENING_PAUSE_SECONDS / hop), Math.round(OPENING_REACH_SECONDS / hop));
  if (islandEnd === null) return;
  // The silence before the located block's speech, then the stretch of speech before that.
  let end = islandEnd;
  while (end > 0 && !speech[end - 1]) end--;
  if (end === 0) return;
  const start = speechStretchStart(speech, end, Math.round(OPENING_BREAK_SECONDS / hop), end);
  if (start === null) return;
  const refLength = blocks[first - 1].refEnd - blocks[0].refStart;
  const span = (end - start) * hop;
  if (span < 0.6 * refLength || span > 1.8 * refLength + 0.5) return;
  const scale = span / refLength;
  for (let b = 0; b < first; b++) {
    const block = blocks[b];
    block.found = true;
    block.foundBy = 'gap';
    block.audioStart = start * hop + (block.refStart - blocks[0].refStart) * scale;
    block.audioEnd = start * hop + (block.refEnd - blocks[0].refStart) * scale;
    block.distinctness = 1;
    block.cost = Number.isFinite(block.cost) ? block.cost : 1;
  }
}

/**
 * Cost of the best match in a search's window that does not overlap its best one (Infinity when
 * there is none): a rival place for the same text.
 */
export function rivalDipCost(result: SearchResult): number {
  const { curve, starts } = result;
  let bestJ = 0;
  for (let k = 1; k < curve.length; k++) if (curve[k] < curve[bestJ]) bestJ = k;
  let rival = Infinity;
  for (let k = 0; k < curve.length; k++) if (k < starts[bestJ] || starts[k] > bestJ) rival = Math.min(rival, curve[k]);
  return rival;
}

/** [first, last] speech in [start, end) seconds by the mask; the span itself when it has none. */
function speechWithin(mask: SpeechMask, start: number, end: number): [number, number] {
  const a = Math.max(0, Math.floor(start / mask.hop));
  const b = Math.min(mask.speech.length, Math.ceil(end / mask.hop));
  let first = a;
  while (first < b && !mask.speech[first]) first++;
  let last = b;
  while (last > first && !mask.speech[last - 1]) last--;
  if (last <= first) return [start, end];
  return [Math.max(start, first * mask.hop), Math.min(end, last * mask.hop)];
}

/**
 * The best end point whose path starts within `slack` frames after the cursor, scored with the
 * distinctness of that point against the whole window's curve.
 */
function nearCandidate(result: SearchResult, windowStart: number, cursor: number, refLength: number, slack: number): SearchResult | null {
  const { curve, starts } = result;
  let bestJ = -1;
  for (let j = 0; j < curve.length; j++) {
    const start = windowStart + starts[j];
    if (start < cursor - slack / 2 || start > cursor + slack) continue;
    if (j - starts[j] < refLength / 3) continue;
    if (bestJ < 0 || curve[j] < curve[bestJ]) bestJ = j;
  }
  if (bestJ < 0) return null;
  return {
    audioStart: windowStart + starts[bestJ],
    audioEnd: windowStart + bestJ,
    cost: curve[bestJ],
    distinctness: distinctnessAt(curve, bestJ, refLength),
    curve,
    starts,
  };
}

/** The wide searches run on a grid this many times coarser (160 ms) first. */
const ROUGH_FACTOR = 4;
/** Seconds either side of the rough match that the 40 ms search re-examines. */
const ROUGH_MARGIN_SECONDS = 5;

/**
 * A search over minutes of audio, done in two steps: on the 160 ms grid over the whole window
 * (sixteen times fewer cells), then on the 40 ms grid around the rough match only. The rough step's
 * distinctness is the one reported: the fine window is too short to judge how a dip stands out.
 */
function searchRoughThenFine(
  rough: { ref: Features; audio: Features },
  ref: Features,
  refStart: number,
  refEnd: number,
  audio: Features,
  windowStart: number,
  windowEnd: number,
): SearchResult | null {
  const first = searchSubsequence(
    rough.ref,
    Math.floor(refStart / ROUGH_FACTOR),
    Math.min(rough.ref.frames, Math.ceil(refEnd / ROUGH_FACTOR)),
    rough.audio,
    Math.floor(windowStart / ROUGH_FACTOR),
    Math.min(rough.audio.frames, Math.ceil(windowEnd / ROUGH_FACTOR)),
  );
  if (!first) return null;
  const margin = Math.round(ROUGH_MARGIN_SECONDS / ref.hop);
  const lo = Math.max(windowStart, first.audioStart * ROUGH_FACTOR - margin);
  const hi = Math.min(windowEnd, (first.audioEnd + 1) * ROUGH_FACTOR + margin);
  const fine = searchSubsequence(ref, refStart, refEnd, audio, lo, hi);
  return fine ? { ...fine, distinctness: first.distinctness } : null;
}

/** End frame (reference) of a probe made of blocks from `b` on, about PROBE_SECONDS long. */
function probeEndFor(blocks: readonly SearchBlock[], b: number, refFrames: number, frameOf: (s: number) => number): number {
  let end = b;
  while (end + 1 < blocks.length && blocks[end].refEnd - blocks[b].refStart < PROBE_SECONDS) end++;
  return Math.min(refFrames, frameOf(blocks[end].refEnd));
}

function accept(result: ReturnType<typeof searchSubsequence>, minZ: number, nearMaxCost = NEAR_MAX_COST): boolean {
  if (!result) return false;
  // A window hardly longer than the block (a short clip): no background to compare with, so the
  // match must be good on its own.
  if (Number.isNaN(result.distinctness)) return result.cost <= SOLE_MATCH_MAX_COST;
  const maxCost = minZ <= Z_NEAR ? nearMaxCost : MAX_COST;
  return result.distinctness >= minZ && result.cost <= maxCost;
}

/**
 * The cost bar for contiguous matches, adapted to the recording: a voice far from eSpeak's gives
 * higher costs on every true match, so the bar follows the median of the matches accepted so far
 * (plus a margin), never below the fixed bar.
 */
class NearCostBar {
  private readonly costs: number[] = [];

  record(cost: number): void {
    if (Number.isFinite(cost)) this.costs.push(cost);
  }

  get value(): number {
    if (this.costs.length < 10) return NEAR_MAX_COST;
    const recent = this.costs.slice(-50).sort((a, b) => a - b);
    return Math.min(MAX_COST, Math.max(NEAR_MAX_COST, recent[recent.length >> 1] + NEAR_COST_MARGIN));
  }
}

function record(block: LocatedBlock, result: NonNullable<ReturnType<typeof searchSubsequence>>, hop: number, how: LocatedBlock['foundBy']): void {
  block.found = true;
  block.audioStart = result.audioStart * hop;
  block.audioEnd = (result.audioEnd + 1) * hop;
  block.cost = result.cost;
  block.distinctness = result.distinctness;
  block.foundBy = how;
}

function findNeighbour(blocks: readonly LocatedBlock[], from: number, step: 1 | -1): LocatedBlock | null {
  for (let b = from + step; b >= 0 && b < blocks.length; b += step) if (blocks[b].found) return blocks[b];
  return null;
}

/** A match's weight in the chain: its distinctness, or a middling weight when it could not be judged. */
function chainWeight(block: LocatedBlock): number {
  return Number.isFinite(block.distinctness) ? Math.max(0.5, block.distinctness) : 3;
}

/**
 * Drop matches that break time order: among found blocks, keep the chain (increasing in both text
 * and time, no overlaps beyond a little slack) with the greatest total distinctness.
 */
export function keepConsistentChain(blocks: LocatedBlock[]): void {
  const found = blocks.map((b, i) => ({ b, i })).filter(({ b }) => b.found);
  const k = found.length;
  if (k < 2) return;
  const score = new Float64Array(k);
  const prev = new Int32Array(k).fill(-1);
  for (let x = 0; x < k; x++) {
    const bx = found[x].b;
    score[x] = chainWeight(bx);
    // Only look back a bounded number of matches: a chain break is local.
    for (let y = x - 1; y >= Math.max(0, x - 200); y--) {
      const by = found[y].b;
      if (by.audioEnd - 1.0 <= bx.audioStart && score[y] + chainWeight(bx) > score[x]) {
        score[x] = score[y] + chainWeight(bx);
        prev[x] = y;
      }
    }
  }
  let best = 0;
  for (let x = 1; x < k; x++) if (score[x] > score[best]) best = x;
  const keep = new Set<number>();
  for (let x = best; x >= 0; x = prev[x]) keep.add(found[x].i);
  for (const { b, i } of found) {
    if (!keep.has(i)) {
      b.found = false;
      b.foundBy = null;
    }
  }
}

/** A transcript word whose time another source (a caption track) already gives. */
export interface WordAnchor {
  wordIndex: number;
  start: number;
  end: number;
}

/**
 * Use anchored words (from a caption track matched to the transcript) to place blocks: a block
 * with at least two anchored words gets the span their times imply (stretched to the block's edges
 * at the anchors' own pace). A block the search placed is kept when it agrees with the anchors
 * (within 2 s); otherwise, or when the search missed it, the anchors win, because the track heard
 * the words where the search only matched sounds.
 */
export function applyWordAnchors(
  blocks: LocatedBlock[],
  anchors: readonly WordAnchor[],
  wordRefStart: (wordIndex: number) => number | null,
): void {
  if (anchors.length === 0) return;
  const byWord = new Map(anchors.map((a) => [a.wordIndex, a]));
  for (const block of blocks) {
    const inBlock: Array<{ anchor: WordAnchor; ref: number }> = [];
    for (let w = block.firstWord; w <= block.lastWord; w++) {
      const anchor = byWord.get(w);
      const ref = wordRefStart(w);
      if (anchor && ref !== null) inBlock.push({ anchor, ref });
    }
    if (inBlock.length < 2) continue;
    const first = inBlock[0];
    const last = inBlock[inBlock.length - 1];
    const refSpan = last.ref - first.ref;
    const pace = refSpan > 0.5 ? Math.min(2, Math.max(0.6, (last.anchor.start - first.anchor.start) / refSpan)) : 1.2;
    const start = Math.max(0, first.anchor.start - (first.ref - block.refStart) * pace);
    const end = last.anchor.start + (block.refEnd - last.ref) * pace;
    const agrees = block.found && Math.abs(block.audioStart - start) < 2 && Math.abs(block.audioEnd - end) < 2;
    if (agrees) continue;
    block.found = true;
    block.foundBy = 'track';
    block.audioStart = start;
    block.audioEnd = end;
    block.distinctness = Number.isFinite(block.distinctness) ? Math.max(block.distinctness, 5) : 5;
    block.cost = Number.isFinite(block.cost) ? block.cost : 0.6;
  }
  keepConsistentChain(blocks);
}
