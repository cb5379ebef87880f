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
  /**
   * How far the match stands out from the block's other matches in the same window: robust
   * z-score (median and MAD of the scores of every other end frame).
   */
  z: number;
  /** Independent places the window offers a match this long (window length / match length). */
  trials: number;
}

/**
 * Is the match real? Among `trials` independent places, the best of pure chance sits about
 * √(2 ln trials) standard deviations above the typical score; a real match must clear that by a
 * margin. So a short window right after the previous block (few trials) needs less than a search
 * of the whole recording, with one constant for both.
 */
export function isConvincing(m: Match, tuning: AcousticTuning): boolean {
  return m.llr >= tuning.floorLlrPerFrame && m.z >= Math.sqrt(2 * Math.log(Math.max(2, m.trials))) + tuning.zMargin;
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
/**
 * What chance matches score in this recording: the median and spread of the scores of end frames
 * away from the chosen match, pooled over the searches so far. A small window (a short gap between
 * placed neighbours) has too few of its own to judge by.
 */
export class ChanceScores {
  private medians: number[] = [];
  private spreads: number[] = [];

  add(median: number, spread: number): void {
    this.medians.push(median);
    this.spreads.push(spread);
  }

  /** The typical median and spread so far, or null before any search. */
  typical(): { median: number; spread: number } | null {
    if (!this.medians.length) return null;
    const mid = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
    return { median: mid(this.medians), spread: mid(this.spreads) };
  }
}

/** Fewest end frames of its own a window needs for its own chance distribution. */
const MIN_OWN_CHANCE_FRAMES = 200;

export function bestMatch(
  model: AcousticModel,
  block: TextBlock,
  scores: FrameScores,
  from: number,
  to: number,
  tuning: AcousticTuning,
  chance: ChanceScores = new ChanceScores(),
): Match | null {
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
    const m = { start: r.start[i], end: from + i + 1, llr, z: 0, trials: 1 };
    const last = candidates[candidates.length - 1];
    if (last && m.start < last.end) {
      if (m.llr > last.llr) candidates[candidates.length - 1] = m;
    } else {
      candidates.push(m);
    }
  }
  if (!candidates.length) return null;
  const best = candidates.reduce((a, b) => (b.llr > a.llr ? b : a));
  const chosen = candidates.find((c) => c.llr >= best.llr - tuning.earlierTieLlrPerFrame) ?? best;
  // The chance distribution: every end frame's score outside the chosen match.
  const others: number[] = [];
  for (let i = 0; i < r.total.length; i++) {
    const end = from + i + 1;
    if (r.start[i] < 0 || r.wordFrames[i] < minWordFrames || (end > chosen.start && r.start[i] < chosen.end)) continue;
    others.push(r.emission[i] / r.wordFrames[i]);
  }
  let reference = chance.typical();
  if (others.length >= MIN_OWN_CHANCE_FRAMES || !reference) {
    others.sort((a, b) => a - b);
    const median = others.length ? others[others.length >> 1] : chosen.llr;
    const deviations = others.map((v) => Math.abs(v - median)).sort((a, b) => a - b);
    const spread = Math.max(deviations.length ? 1.4826 * deviations[deviations.length >> 1] : 0, tuning.minSpreadLlrPerFrame);
    if (others.length >= MIN_OWN_CHANCE_FRAMES) chance.add(median, spread);
    reference = { median, spread };
  }
  const z = (chosen.llr - reference.median) / reference.spread;
  return { ...chosen, z, trials: (to - from) / Math.max(1, chosen.end - chosen.start) };
}

export function locateBlocks(model: AcousticModel, blocks: readonly TextBlock[], scores: FrameScores, tuning: AcousticTuning, progress: LocateProgress = () => undefined): Placement[] {
  const placements: Placement[] = blocks.map(() => ({ kind: 'unplaced', bestLlr: null }));
  const T = scores.frames;
  const chance = new ChanceScores();
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
      const m = bestMatch(model, block, scores, Math.max(0, cursor - 50), to, tuning, chance);
      searchedTo = to;
      if (!m) continue;
      best = best === null ? m.llr : Math.max(best, m.llr);
      if (isConvincing(m, tuning)) {
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
  fillGaps(model, blocks, placements, scores, tuning, chance);
  progress(1);
  return placements;
}

/**
 * Blocks not found ahead of their predecessor are searched again in the gap between their placed
 * neighbours (or the recording's edges), in order. A gap that is about as long as its text
 * constrains where the text can be, so the bar is lower there; a long gap does not.
 */
function fillGaps(model: AcousticModel, blocks: readonly TextBlock[], placements: Placement[], scores: FrameScores, tuning: AcousticTuning, chance: ChanceScores): void {
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
    for (let k = i; k <= j; k++) {
      const m = bestMatch(model, blocks[k], scores, from, to, tuning, chance);
      if (m && isConvincing(m, tuning)) {
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
