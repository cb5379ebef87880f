import { beforeAll, describe, expect, it } from 'vitest';
import { loadAcousticModel, type AcousticModel } from '../../../src/align/acoustic/model.js';
import { scoreRecording } from '../../../src/align/acoustic/frames.js';
import { planBlocks, type TextBlock } from '../../../src/align/acoustic/blocks.js';
import { locateBlocks, type LocateResult, type LocatedUnit } from '../../../src/align/acoustic/locate.js';
import { timeBlocks, type BlockTiming, type WordTiming } from '../../../src/align/acoustic/timing.js';
import { carryVerified, keepInOrder } from '../../../src/align/acoustic/carry.js';
import type { FrameScores } from '../../../src/align/acoustic/kernels.js';
import { ACOUSTIC_TUNING as T } from '../../../src/align/acoustic/tuning.js';
import { loadClip, speechLikeOf, type Clip } from './helpers.js';

type Timed = Extract<BlockTiming, { kind: 'timed' }>;

function timedAt(block: number, start: number, end: number, words = 3): Timed {
  const unit: LocatedUnit = { firstBlock: block, lastBlock: block, kind: 'anchored', start, end, llr: -2 };
  const step = (end - start) / words;
  const timings: WordTiming[] = Array.from({ length: words }, (_, k) => ({ word: block * 100 + k, start: Math.round(start + k * step), end: Math.round(start + (k + 1) * step), llr: -2 }));
  return { kind: 'timed', unit, words: timings, llr: -2, impostorZ: 5, frames: [] };
}

describe('keepInOrder', () => {
  it('leaves blocks that follow each other in time as they do in the text alone', () => {
    const timed: BlockTiming[] = [timedAt(0, 0, 100), { kind: 'unplaced', bestLlr: null }, timedAt(2, 150, 300), timedAt(3, 300, 400)];
    expect(keepInOrder(timed)).toEqual(timed);
  });

  it('drops the lighter of two blocks whose places cross, and keeps the heavier chain', () => {
    // Block 1 (2 words) sits after block 2 (8 words): one of them is out of place.
    const timed: BlockTiming[] = [timedAt(0, 0, 100, 5), timedAt(1, 500, 600, 2), timedAt(2, 200, 400, 8), timedAt(3, 700, 800, 5)];
    const kept = keepInOrder(timed);
    expect(kept.map((t) => t.kind)).toEqual(['timed', 'unplaced', 'timed', 'timed']);
    expect(kept[1]).toEqual({ kind: 'unplaced', bestLlr: -2 });
  });
});

describe('carryVerified on real speech', () => {
  let model: AcousticModel;
  let clip: Clip;
  let blocks: TextBlock[];
  let scores: FrameScores;
  let located: LocateResult;
  let right: BlockTiming[];

  beforeAll(async () => {
    model = await loadAcousticModel('en');
    clip = await loadClip('audio', 'kal-pauses', 'm4a');
    scores = await scoreRecording(model, clip.samples, { threads: 1 });
    blocks = planBlocks(clip.transcript, model.lexicon, T.minBlockPhones).blocks;
    located = locateBlocks(model, blocks, scores, speechLikeOf(model, clip.samples), T);
    right = timeBlocks(model, blocks, located, scores, T);
  });

  const startError = (t: BlockTiming, block: number) => {
    if (t.kind !== 'timed') return Infinity;
    return Math.abs(t.words[0].start / 100 - clip.truth.transcriptTokens[blocks[block].words[0].index].start!);
  };

  it('keeps a verified place that a later pass lost or moved, where it still verifies', () => {
    expect(right.every((t) => t.kind === 'timed')).toBe(true);
    const last = blocks.length - 1;
    // The later pass: the first block not found, the last one moved onto the first block's speech.
    const later = right.slice();
    later[0] = { kind: 'unplaced', bestLlr: null };
    const first = right[0] as Timed;
    later[last] = { ...(right[last] as Timed), words: first.words.map((w, k) => ({ ...w, word: blocks[last].words[Math.min(k, blocks[last].words.length - 1)].index })) };
    const carried = carryVerified(model, blocks, right, later, located.chanceLlr, scores, T);
    expect(startError(carried[0], 0)).toBeLessThan(0.05);
    expect(startError(carried[last], last)).toBeLessThan(0.05);
  });

  it('does not carry a place that fails under the new scores', () => {
    // The earlier pass put block 1's text over block 0's speech; the later pass has it right.
    const wrong = right.slice();
    const first = right[0] as Timed;
    wrong[1] = { ...(right[1] as Timed), words: first.words.map((w, k) => ({ ...w, word: blocks[1].words[Math.min(k, blocks[1].words.length - 1)].index })) };
    const carried = carryVerified(model, blocks, wrong, right, located.chanceLlr, scores, T);
    expect(startError(carried[1], 1)).toBeLessThan(0.05);
    expect(carried.filter((t) => t.kind === 'timed')).toHaveLength(blocks.length);
  });
});
