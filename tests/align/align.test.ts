import { describe, expect, it } from 'vitest';
import { enforceMonotonicTimes, refineRegion } from '../../src/align/align.js';
import type { LocatedBlock } from '../../src/align/locate.js';
import type { TimedWord } from '../../src/types.js';
import { maskWithSpeech } from './synthetic.js';

function located(audioStart: number, audioEnd: number, refStart: number, refEnd: number, distinctness: number, foundBy: LocatedBlock['foundBy'] = 'forward'): LocatedBlock {
  return { firstWord: 0, lastWord: 0, refStart, refEnd, found: true, audioStart, audioEnd, cost: 0.5, distinctness, foundBy };
}

describe('refineRegion', () => {
  it('widens a searched block towards a far neighbour by at most 3 s', () => {
    const blocks = [located(10, 20, 0, 10, 6), located(40, 50, 10, 20, 6)];
    const [start, end] = refineRegion(blocks, 0, 60);
    expect(start).toBeCloseTo(7, 6);
    expect(end).toBeCloseTo(23, 6);
  });

  it('lets a block placed by sharing out a gap reach on to the next located block', () => {
    // Its place is an estimate: the words may have been spoken up to where the next block starts.
    const blocks = [located(10, 20, 0, 10, 0, 'gap'), located(30, 40, 10, 20, 6)];
    const [, end] = refineRegion(blocks, 0, 60);
    expect(end).toBeCloseTo(30, 6);
    // A searched block in the same place keeps the 3 s reach.
    const searched = [located(10, 20, 0, 10, 6), located(30, 40, 10, 20, 6)];
    expect(refineRegion(searched, 0, 60)[1]).toBeCloseTo(23, 6);
  });

  it('lets a gap-found block end anywhere in the speech that runs on after its match', () => {
    // Found squeezed at 10-14 (its text takes 6 s); the speech runs on to 18.5, then a 2 s break.
    const blocks = [located(10, 14, 0, 6, 4, 'gap'), located(30, 35, 6, 11, 6)];
    const m = maskWithSpeech(40, [[10, 18.5], [20.5, 25], [30, 35]]);
    expect(refineRegion(blocks, 0, 40, m)[1]).toBeCloseTo(18.5, 6);
    // Without the mask it only gets the usual reach.
    expect(refineRegion(blocks, 0, 40)[1]).toBeCloseTo(17, 6);
  });
});

describe('enforceMonotonicTimes', () => {
  const word = (start: number | null, end: number | null): TimedWord => ({ index: 0, text: 'w', start, end, confidence: 0, sentence: 0, paragraph: 0, turn: 0, source: null });

  it('moves a start that overlaps the previous word to its end, then trims it to speech again', () => {
    // B was placed from 0.9 s, on the last sliver of A's sound, then a 1.5 s pause: moved to A's
    // end it would start the pause, so it is trimmed to where its own sound begins.
    const words = [word(0, 1), word(0.9, 3), word(null, null), word(3.1, 3.5)];
    enforceMonotonicTimes(words, maskWithSpeech(4, [[0, 1], [2.5, 3], [3.1, 3.5]]));
    expect(words[0]).toMatchObject({ start: 0, end: 1 });
    expect(words[1]).toMatchObject({ start: 2.5, end: 3 });
    expect(words[2]).toMatchObject({ start: null, end: null });
    expect(words[3]).toMatchObject({ start: 3.1, end: 3.5 });
  });
});
