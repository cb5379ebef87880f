/**
 * Where each block of the transcript is spoken, before any word is timed. Blocks are searched in
 * transcript order, each over a window ahead of the previous match (a subsequence search: the
 * block's HMM may start and end anywhere in the window). A match counts when its words score well
 * against an unconstrained phone loop (log-likelihood ratio per frame of word speech), a measure
 * that means the same for any voice the acoustic model knows. When several blocks in a row are not
 * found, the search is lost and widens to the rest of the recording. Blocks left over are then
 * searched in the gap between their placed neighbours, where their place is already constrained.
 */
import type { AcousticModel } from './model.js';
import type { AcousticTuning } from './tuning.js';
import type { TextBlock } from './blocks.js';
import { buildNetwork } from './network.js';
import { subsequenceScores, type FrameScores } from './viterbi.js';

const FRAMES_PER_SECOND = 100;

/** Where a block was found, and how. */
export type Placement =
  /** Found on its own, ahead of the previous block. */
  | { kind: 'anchored'; start: number; end: number; llr: number }
  /** Found inside the gap between placed neighbours. */
  | { kind: 'bounded'; start: number; end: number; llr: number }
  | { kind: 'unplaced'; bestLlr: number | null };

export type PlacedBlock = Extract<Placement, { start: number }>;

export interface Match {
  /** Frames [start, end). */
  start: number;
  end: number;
  /** Mean log-likelihood ratio per frame of word speech. */
  llr: number;
}

export interface LocateProgress {
  (fraction: number): void;
}

export function expectedFrames(block: TextBlock, tuning: AcousticTuning): number {
  return Math.round((block.phones / tuning.phonesPerSecond) * FRAMES_PER_SECOND);
}

/**
 * The block's best match in frames [from, to): the highest mean score per word frame; among
 * matches nearly as good, the earliest (a later repeat of a set phrase must not pull the search
 * ahead of the speech).
 */
export function bestMatch(model: AcousticModel, block: TextBlock, scores: FrameScores, from: number, to: number, tuning: AcousticTuning): Match | null {
  from = Math.max(0, from);
  to = Math.min(scores.frames, to);
  if (to - from < block.phones * model.emittingStates) return null;
  const net = buildNetwork(model, block.words, {
    garbageEdges: false,
    garbageEntryLog: tuning.garbageEntryLog,
    garbageSelfLog: Math.log(tuning.garbageStayProbability),
  });
  const r = subsequenceScores(net, scores, from, to, tuning.garbageLlrPerFrame);
  // Local maxima of the mean score over end frames, one per stretch of overlapping matches.
  const minWordFrames = block.phones * model.emittingStates;
  const candidates: Match[] = [];
  for (let i = 0; i < r.total.length; i++) {
    if (r.start[i] < 0 || r.wordFrames[i] < minWordFrames) continue;
    const llr = r.emission[i] / r.wordFrames[i];
    const m = { start: r.start[i], end: from + i + 1, llr };
    const last = candidates[candidates.length - 1];
    if (last && m.start < last.end) {
      if (m.llr > last.llr) candidates[candidates.length - 1] = m;
    } else {
      candidates.push(m);
    }
  }
  if (!candidates.length) return null;
  const best = candidates.reduce((a, b) => (b.llr > a.llr ? b : a));
  return candidates.find((c) => c.llr >= best.llr - tuning.earlierTieLlrPerFrame) ?? best;
}

export function locateBlocks(model: AcousticModel, blocks: readonly TextBlock[], scores: FrameScores, tuning: AcousticTuning, progress: LocateProgress = () => undefined): Placement[] {
  const placements: Placement[] = blocks.map(() => ({ kind: 'unplaced', bestLlr: null }));
  const T = scores.frames;
  let cursor = 0;
  let lost = true;
  let missedFrames = 0;
  for (const block of blocks) {
    progress(0.8 * (block.index / Math.max(1, blocks.length)));
    const expected = expectedFrames(block, tuning);
    const windows = lost
      ? [...tuning.widenSeconds.map((s) => cursor + s * FRAMES_PER_SECOND), T]
      : [cursor + tuning.forwardWindowSeconds * FRAMES_PER_SECOND + 2 * expected];
    let found: Match | null = null;
    let best: number | null = null;
    let searchedTo = cursor;
    for (const end of windows) {
      if (searchedTo >= T) break;
      const to = Math.min(T, end);
      const m = bestMatch(model, block, scores, Math.max(0, cursor - 50), to, tuning);
      searchedTo = to;
      if (!m) continue;
      best = best === null ? m.llr : Math.max(best, m.llr);
      if (m.llr >= tuning.anchorLlrPerFrame) {
        found = m;
        break;
      }
    }
    if (found) {
      placements[block.index] = { kind: 'anchored', start: found.start, end: found.end, llr: found.llr };
      cursor = found.end;
      lost = false;
      missedFrames = 0;
    } else {
      placements[block.index] = { kind: 'unplaced', bestLlr: best };
      missedFrames += expected;
      if (missedFrames > tuning.lostAfterSeconds * FRAMES_PER_SECOND) lost = true;
    }
  }
  fillGaps(model, blocks, placements, scores, tuning);
  progress(1);
  return placements;
}

/**
 * Blocks not found ahead of their predecessor are searched again in the gap between their placed
 * neighbours (or the recording's edges), in order. A gap that is about as long as its text
 * constrains where the text can be, so the bar is lower there; a long gap does not.
 */
function fillGaps(model: AcousticModel, blocks: readonly TextBlock[], placements: Placement[], scores: FrameScores, tuning: AcousticTuning): void {
  let i = 0;
  while (i < blocks.length) {
    if (placements[i].kind !== 'unplaced') {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < blocks.length && placements[j + 1].kind === 'unplaced') j++;
    const before = i > 0 ? (placements[i - 1] as PlacedBlock) : null;
    const after = j + 1 < blocks.length ? (placements[j + 1] as PlacedBlock) : null;
    let from = before ? before.end : 0;
    const to = after ? after.start : scores.frames;
    let textFrames = 0;
    for (let k = i; k <= j; k++) textFrames += expectedFrames(blocks[k], tuning);
    const tight = to - from <= tuning.tightGapRatio * textFrames + tuning.tightGapSlackSeconds * FRAMES_PER_SECOND;
    const bar = tight ? tuning.gapLlrPerFrame : tuning.anchorLlrPerFrame;
    for (let k = i; k <= j; k++) {
      const m = bestMatch(model, blocks[k], scores, from, to, tuning);
      if (m && m.llr >= bar) {
        placements[k] = { kind: 'bounded', start: m.start, end: m.end, llr: m.llr };
        from = m.end;
      } else if (m) {
        const previous = placements[k];
        if (previous.kind === 'unplaced') placements[k] = { kind: 'unplaced', bestLlr: Math.max(previous.bestLlr ?? -Infinity, m.llr) };
      }
    }
    i = j + 1;
  }
}
