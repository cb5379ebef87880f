/**
 * Between adaptation passes: what an earlier pass verified is not given up on one map's word.
 *
 * Each pass searches the whole transcript afresh under its own scores, and in a hard room a map can
 * make a wrong place score best for a block (the search is right by its scores, the scores are
 * wrong). A placement that two maps verify has more behind it than one that a single map prefers.
 * So a block the earlier pass verified keeps that place when it still verifies there under the new
 * scores (re-timed with them) and is at least as distinctive there (its margin over its shuffles)
 * as wherever the new search put it; otherwise, or where there was no earlier place, the new
 * pass's place stands. Two places a few frames apart are the same place: the new timing is kept. A block the earlier pass laid in a gap
 * unverified (a fallback) keeps that place only where the new pass has none for it, and only if it
 * clears the fallback's bar under the new scores.
 *
 * What is kept must still be in transcript order: of the timed blocks, the heaviest sequence
 * increasing in time is kept (words weighed by their block's margin over its shuffles), and the
 * rest go back to the unplaced.
 */
import type { AcousticModel } from './model.js';
import type { TextBlock } from './blocks.js';
import type { AcousticTuning } from './tuning.js';
import type { FrameScores } from './kernels.js';
import { fallbackBar, timeUnit, verifiedBar, type BlockTiming } from './timing.js';
import { chainWeight, heaviestChain } from './chain.js';

const FRAMES_PER_SECOND = 100;

type Timed = Extract<BlockTiming, { kind: 'timed' }>;

const isVerified = (t: BlockTiming | undefined): t is Timed => t?.kind === 'timed' && t.unit.kind !== 'fallback';
const startOf = (t: Timed) => t.words[0].start;
const endOf = (t: Timed) => t.words[t.words.length - 1].end;

export function carryVerified(
  model: AcousticModel,
  blocks: readonly TextBlock[],
  earlier: readonly BlockTiming[],
  current: readonly BlockTiming[],
  chanceLlr: number,
  scores: FrameScores,
  tuning: AcousticTuning,
): BlockTiming[] {
  const samePlace = tuning.samePlaceSeconds * FRAMES_PER_SECOND;
  const pad = Math.round(tuning.timingPadSeconds * FRAMES_PER_SECOND);
  const out = current.slice();
  for (let b = 0; b < blocks.length; b++) {
    const before = earlier[b];
    if (before.kind !== 'timed') continue;
    const now = out[b];
    // A place no search vouched for (a fallback) never overrides one a search found.
    if (now.kind === 'timed' && (!isVerified(before) || Math.abs(startOf(now) - startOf(before)) <= samePlace)) continue;
    // Time the block alone where the earlier pass put it, under these scores, against the bar
    // that place had to clear.
    const from = Math.max(0, startOf(before) - pad);
    const to = Math.min(scores.frames, endOf(before) + pad);
    const unit = { firstBlock: b, lastBlock: b, kind: before.unit.kind, start: startOf(before), end: endOf(before), llr: before.llr };
    const bar = isVerified(before) ? verifiedBar(tuning) : fallbackBar(tuning);
    const [[, retimed]] = timeUnit(model, blocks, unit, from, to, chanceLlr, scores, tuning, bar);
    // Where the new pass has the block elsewhere, the earlier place must be at least as distinctive
    // under the new scores (its margin over its shuffles) as the new place is.
    if (retimed.kind === 'timed' && (now.kind !== 'timed' || retimed.impostorZ >= now.impostorZ)) out[b] = retimed;
  }
  return keepInOrder(out);
}

/**
 * The timed blocks' heaviest subsequence (words × impostor margin) whose spans follow each other in time as the
 * blocks do in the text; the others become unplaced. A pass on its own is in order already, so
 * this only ever drops where kept and new places cross.
 */
export function keepInOrder(timed: readonly BlockTiming[]): BlockTiming[] {
  const placed = timed.flatMap((t, block) => (t.kind === 'timed' ? [{ block, t }] : []));
  const chain = heaviestChain(
    placed,
    ({ t }) => chainWeight(t.words.length, t.impostorZ),
    ({ t }) => ({ start: startOf(t), end: endOf(t) }),
  );
  const keep = new Set(chain.map((k) => placed[k].block));
  return timed.map((t, b) => (t.kind !== 'timed' || keep.has(b) ? t : { kind: 'unplaced', bestLlr: t.llr }));
}
