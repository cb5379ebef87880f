import { describe, expect, it } from 'vitest';
import {
  applyWordAnchors,
  keepConsistentChain,
  locateBlocks,
  placeOpening,
  planSearchBlocks,
  pullBackJumps,
  resolveRivalClaims,
  rivalDipCost,
  spanWholeClip,
  type LocatedBlock,
  type SearchBlock,
} from '../../src/align/locate.js';
import type { SearchResult } from '../../src/align/dtw.js';
import type { Reference } from '../../src/align/reference.js';
import { jitter, maskWithSpeech, mulberry32, speechLike, stretch, toFeatures } from './synthetic.js';

/** A located block: reference seconds [refStart, refEnd), found at [audioStart, audioEnd) when given. */
function block(refStart: number, refEnd: number, audio?: [number, number], distinctness = 8, words: [number, number] = [0, 0]): LocatedBlock {
  return {
    firstWord: words[0],
    lastWord: words[1],
    refStart,
    refEnd,
    found: audio !== undefined,
    audioStart: audio?.[0] ?? 0,
    audioEnd: audio?.[1] ?? 0,
    cost: audio ? 0.5 : Infinity,
    distinctness: audio ? distinctness : 0,
    foundBy: audio ? 'forward' : null,
  };
}

describe('spanWholeClip', () => {
  it('with nothing found, shares the whole sound span out by reference length', () => {
    // 10 s of reference over 12 s of sound: scale 1.2.
    const blocks = [block(0, 4), block(4, 10)];
    expect(spanWholeClip(blocks, 1, 13)).toBe(true);
    expect(blocks[0].audioStart).toBeCloseTo(1, 9);
    expect(blocks[0].audioEnd).toBeCloseTo(5.8, 9);
    expect(blocks[1].audioStart).toBeCloseTo(5.8, 9);
    expect(blocks[1].audioEnd).toBeCloseTo(13, 9);
    for (const b of blocks) {
      expect(b.found).toBe(true);
      expect(b.foundBy).toBe('gap');
      // Low distinctness: the words' confidence must show the place is an estimate.
      expect(b.distinctness).toBe(1);
      expect(b.cost).toBe(1);
    }
  });

  it('with some found, gives the unfound edge blocks the sound before the first / after the last found one', () => {
    const blocks = [block(0, 3), block(3, 8, [10, 15]), block(8, 10)];
    expect(spanWholeClip(blocks, 6, 18)).toBe(true);
    // Before: 3 s of reference over [6, 10]; after: 2 s over [15, 18].
    expect(blocks[0].audioStart).toBeCloseTo(6, 9);
    expect(blocks[0].audioEnd).toBeCloseTo(10, 9);
    expect(blocks[2].audioStart).toBeCloseTo(15, 9);
    expect(blocks[2].audioEnd).toBeCloseTo(18, 9);
    // The located block is untouched.
    expect(blocks[1]).toMatchObject({ audioStart: 10, audioEnd: 15, foundBy: 'forward', distinctness: 8 });
  });

  it('leaves an unfound block in the middle alone (only the edges are shared out)', () => {
    const blocks = [block(0, 3, [0, 3]), block(3, 6), block(6, 9, [20, 23])];
    expect(spanWholeClip(blocks, 0, 23)).toBe(false);
    expect(blocks[1].found).toBe(false);
  });

  it('leaves blocks unfound when the span is implausibly short or long for them', () => {
    // 10 s of reference in 4 s of sound (< half).
    const short = [block(0, 4), block(4, 10)];
    expect(spanWholeClip(short, 0, 4)).toBe(false);
    expect(short.every((b) => !b.found)).toBe(true);
    // 2 s of reference in 9 s of sound (> 3 × 2 + 2).
    const long = [block(0, 2)];
    expect(spanWholeClip(long, 0, 9)).toBe(false);
    expect(long[0].found).toBe(false);
    // Just inside both limits.
    expect(spanWholeClip([block(0, 10)], 0, 5)).toBe(true);
    expect(spanWholeClip([block(0, 2)], 0, 8)).toBe(true);
    // No room at all before the first located block.
    const none = [block(0, 2), block(2, 4, [1, 3])];
    expect(spanWholeClip(none, 1, 3)).toBe(false);
    expect(none[0].found).toBe(false);
  });

  it('does nothing without blocks', () => {
    expect(spanWholeClip([], 0, 10)).toBe(false);
  });
});

describe('placeOpening', () => {
  it('puts an unlocated opening greeting on the speech before the located block, back past its late start', () => {
    // "Good afternoon," (0.9 s of reference) said at 0.6-1.5; the next block is spoken from 3.15
    // but located from 4.2 (its start came out late, inside its own speech).
    const blocks = [block(0, 0.9), block(0.9, 5, [4.2, 8])];
    placeOpening(blocks, maskWithSpeech(10, [[0.6, 1.5], [3.15, 3.6], [3.7, 8]]));
    expect(blocks[0]).toMatchObject({ found: true, foundBy: 'gap', distinctness: 1 });
    expect(blocks[0].audioStart).toBeCloseTo(0.6, 6);
    expect(blocks[0].audioEnd).toBeCloseTo(1.5, 6);
    expect(blocks[1]).toMatchObject({ audioStart: 4.2, distinctness: 8 });
  });

  it('leaves the opening unplaced when the speech before is not one stretch of about its length', () => {
    // Intro music the mask calls sound: 20 s of it before the first located block.
    const music = [block(0, 0.9), block(0.9, 5, [21, 25])];
    placeOpening(music, maskWithSpeech(30, [[0.5, 20.5], [21, 25]]));
    expect(music[0].found).toBe(false);
    // Nothing before the located block at all.
    const none = [block(0, 0.9), block(0.9, 5, [3, 7])];
    placeOpening(none, maskWithSpeech(10, [[3, 7]]));
    expect(none[0].found).toBe(false);
    // The located block's own speech runs back more than 3 s with no pause: no way to tell where it starts.
    const glued = [block(0, 0.9), block(0.9, 5, [5, 9])];
    placeOpening(glued, maskWithSpeech(10, [[0.2, 1], [1.5, 9]]));
    expect(glued[0].found).toBe(false);
  });
});

describe('rivalDipCost', () => {
  it('is the best cost among end points whose paths do not overlap the best one', () => {
    // Window of 10 end points; best ends at 7 (path 5-7, cost 0.5); end 8 overlaps it (path 6-8);
    // end 3 (path 1-3, cost 0.52) is a separate match.
    const curve = Float32Array.from([1, 0.9, 0.8, 0.52, 0.9, 0.8, 0.7, 0.5, 0.51, 0.9]);
    const starts = Int32Array.from([0, 0, 0, 1, 2, 3, 4, 5, 6, 7]);
    const result: SearchResult = { audioStart: 5, audioEnd: 7, cost: 0.5, distinctness: 5, curve, starts };
    expect(rivalDipCost(result)).toBeCloseTo(0.52, 6);
    // With the rival gone, the next separate one (end 2) is it.
    curve[3] = 0.95;
    expect(rivalDipCost(result)).toBeCloseTo(0.8, 6);
  });
});

describe('keepConsistentChain', () => {
  it('drops a weak match that breaks time order and keeps the strong chain', () => {
    const blocks = [block(0, 5, [10, 15], 8), block(5, 10, [2, 4], 3), block(10, 15, [16, 21], 8)];
    keepConsistentChain(blocks);
    expect(blocks.map((b) => b.found)).toEqual([true, false, true]);
    expect(blocks[1].foundBy).toBeNull();
  });

  it('prefers the heavier chain even when that drops the earlier match', () => {
    // A strong outlier early in the text but late in time loses to two consistent matches.
    const blocks = [block(0, 5, [50, 55], 6), block(5, 10, [10, 15], 5), block(10, 15, [16, 21], 5)];
    keepConsistentChain(blocks);
    expect(blocks.map((b) => b.found)).toEqual([false, true, true]);
  });

  it('tolerates up to a second of overlap between consecutive matches', () => {
    const blocks = [block(0, 5, [10, 15], 8), block(5, 10, [14.1, 19], 8), block(10, 15, [17.5, 22], 7)];
    keepConsistentChain(blocks);
    // 0.9 s of overlap is fine; 1.5 s is not, so only one of the last two can stay: the heavier.
    expect(blocks.map((b) => b.found)).toEqual([true, true, false]);
  });
});

describe('applyWordAnchors', () => {
  // Words 0..9 of a block at reference 10–20 s, word w starting at 10 + w seconds.
  const refStart = (w: number): number | null => (w <= 9 ? 10 + w : null);

  it('places an unfound block from two anchored words, stretched to its edges at their pace', () => {
    const blocks = [block(10, 20, undefined, 0, [0, 9])];
    // Words 2 and 8 (6 s apart in the reference) heard 9 s apart: pace 1.5.
    applyWordAnchors(blocks, [{ wordIndex: 2, start: 100, end: 100.5 }, { wordIndex: 8, start: 109, end: 109.5 }], refStart);
    expect(blocks[0]).toMatchObject({ found: true, foundBy: 'track', distinctness: 5, cost: 0.6 });
    expect(blocks[0].audioStart).toBeCloseTo(100 - 2 * 1.5, 9);
    expect(blocks[0].audioEnd).toBeCloseTo(109 + 2 * 1.5, 9);
  });

  it('keeps a searched block that agrees with the anchors and overrides one that does not', () => {
    const anchors = [{ wordIndex: 2, start: 100, end: 100.5 }, { wordIndex: 8, start: 109, end: 109.5 }];
    const agrees = [block(10, 20, [98, 111], 9, [0, 9])];
    applyWordAnchors(agrees, anchors, refStart);
    expect(agrees[0]).toMatchObject({ foundBy: 'forward', audioStart: 98, audioEnd: 111, distinctness: 9 });
    const disagrees = [block(10, 20, [40, 50], 9, [0, 9])];
    applyWordAnchors(disagrees, anchors, refStart);
    expect(disagrees[0].foundBy).toBe('track');
    expect(disagrees[0].audioStart).toBeCloseTo(97, 9);
    // A strong search result keeps its own (higher) distinctness.
    expect(disagrees[0].distinctness).toBe(9);
  });

  it('ignores a block with fewer than two anchored words, and clamps an implausible pace', () => {
    const lone = [block(10, 20, undefined, 0, [0, 9])];
    applyWordAnchors(lone, [{ wordIndex: 2, start: 100, end: 100.5 }], refStart);
    expect(lone[0].found).toBe(false);
    // Words 2 and 8 heard 30 s apart: pace clamped to 2.
    const fast = [block(10, 20, undefined, 0, [0, 9])];
    applyWordAnchors(fast, [{ wordIndex: 2, start: 100, end: 100.5 }, { wordIndex: 8, start: 130, end: 130.5 }], refStart);
    expect(fast[0].audioStart).toBeCloseTo(96, 9);
    expect(fast[0].audioEnd).toBeCloseTo(134, 9);
  });
});

describe('planSearchBlocks', () => {
  function reference(units: Array<[paragraph: number, start: number, end: number]>): Reference {
    return {
      samples: new Int16Array(0),
      sampleRate: 22050,
      duration: units.length ? units[units.length - 1][2] : 0,
      wordSpans: [],
      // Two words per unit.
      units: units.map(([paragraph, start, end], u) => ({ paragraph, firstWord: 2 * u, lastWord: 2 * u + 1, start, end })),
    };
  }

  it('joins units until a block lasts at least 3 s', () => {
    const blocks = planSearchBlocks(reference([[0, 0, 1], [0, 1, 2], [0, 2, 3], [0, 3, 4.5], [0, 4.5, 6]]));
    expect(blocks).toEqual([
      { firstWord: 0, lastWord: 5, refStart: 0, refEnd: 3 },
      // The 3 s left over form their own block.
      { firstWord: 6, lastWord: 9, refStart: 3, refEnd: 6 },
    ]);
  });

  it('joins a trailing fragment under 1.5 s to the previous block of its paragraph', () => {
    const blocks = planSearchBlocks(reference([[0, 0, 3], [0, 3, 4]]));
    expect(blocks).toEqual([{ firstWord: 0, lastWord: 3, refStart: 0, refEnd: 4 }]);
  });

  it('does not join across paragraphs', () => {
    const blocks = planSearchBlocks(reference([[0, 0, 3], [1, 3, 4], [1, 4, 4.5]]));
    expect(blocks).toEqual([
      { firstWord: 0, lastWord: 1, refStart: 0, refEnd: 3 },
      { firstWord: 2, lastWord: 5, refStart: 3, refEnd: 4.5 },
    ]);
  });
});

describe('locateBlocks', () => {
  it('finds spoken blocks in order in a longer recording and leaves an unspoken one unfound', () => {
    // Coarse 40 ms grid, as the locating search runs. Four 5 s blocks; the speaker says A, B and
    // D (10% slower than the reference) after a 4 s intro, and skips C.
    const hop = 0.04;
    const rand = mulberry32(41);
    const parts = [0, 1, 2, 3].map(() => speechLike(rand, 125));
    const ref = toFeatures(parts.flat(), hop);
    const said = (k: number) => stretch(parts[k], 137).map((f) => jitter(rand, f, 0.3));
    const audio = toFeatures([...speechLike(rand, 100), ...said(0), ...said(1), ...said(3), ...speechLike(rand, 989)], hop);
    const blocks: SearchBlock[] = [0, 1, 2, 3].map((k) => ({ firstWord: 10 * k, lastWord: 10 * k + 9, refStart: 5 * k, refEnd: 5 * k + 5 }));
    const progress: number[] = [];
    const located = locateBlocks(blocks, ref, audio, (f) => progress.push(f));
    expect(located.map((b) => b.found)).toEqual([true, true, false, true]);
    const expected = [
      [100, 237],
      [237, 374],
      null,
      [374, 511],
    ];
    expected.forEach((span, k) => {
      if (!span) return;
      expect(Math.abs(located[k].audioStart - span[0] * hop), `block ${k} start`).toBeLessThan(0.2);
      expect(Math.abs(located[k].audioEnd - span[1] * hop), `block ${k} end`).toBeLessThan(0.2);
    });
    expect(progress[progress.length - 1]).toBe(1);
  });
});

describe('pullBackJumps', () => {
  it('moves a block found 6 s past its predecessor back when it matches nearly as well right after it', () => {
    // A Q&A hand-over ("Thank you. Julia Martin from …") spoken right after A, but located 6 s
    // later on a later sentence that sounds alike; the block after it is unlocated.
    const hop = 0.04;
    const rand = mulberry32(77);
    const a = speechLike(rand, 125);
    const b = speechLike(rand, 75);
    const c = speechLike(rand, 100);
    const ref = toFeatures([...a, ...b, ...c], hop);
    const audio = toFeatures([...a.map((f) => jitter(rand, f, 0.3)), ...b.map((f) => jitter(rand, f, 0.3)), ...speechLike(rand, 75), ...b.map((f) => jitter(rand, f, 0.3)), ...speechLike(rand, 200)], hop);
    const blocks = [block(0, 5, [0, 5]), block(5, 8, [11, 14]), block(8, 12)];
    blocks[1].cost = 0.6;
    pullBackJumps(blocks, ref, audio);
    expect(blocks[1].audioStart).toBeCloseTo(5, 0);
    expect(blocks[1].audioEnd).toBeCloseTo(8, 0);
    // A block a little past its predecessor (under 5 s of extra audio) is left where it was found.
    const near = [block(0, 5, [0, 5]), block(5, 8, [9, 12]), block(8, 12)];
    near[1].cost = 0.6;
    pullBackJumps(near, ref, audio);
    expect(near[1]).toMatchObject({ audioStart: 9, audioEnd: 12 });
  });
});

describe('resolveRivalClaims', () => {
  it('gives a place to a longer unlocated block that begins like the block holding it', () => {
    // Reference: P (1 s), H = T + N (1.8 s), R = T + J + W (3.2 s): H and R begin with the same
    // phrase T ("Thank you."). The speaker says P, H, R; H was located on R's opening (it matched T
    // there) instead of its own place, leaving R nowhere. R, almost twice H's length, matches that
    // place and on from it far better, so it takes it.
    const hop = 0.04;
    const rand = mulberry32(77);
    const p = speechLike(rand, 25);
    const t = speechLike(rand, 20);
    const n = speechLike(rand, 25);
    const j = speechLike(rand, 30);
    const w = speechLike(rand, 30);
    const ref = toFeatures([...p, ...t, ...n, ...t, ...j, ...w], hop);
    const take = (frames: Float32Array[]) => frames.map((f) => jitter(rand, f, 0.3));
    // Audio: 2 s of other speech, P (2.0–3.0 s), H (3.0–4.8 s), R (4.8–8.0 s), more speech.
    const audio = toFeatures([...speechLike(rand, 50), ...take(p), ...take(t), ...take(n), ...take(t), ...take(j), ...take(w), ...speechLike(rand, 60)], hop);
    const blocks = [block(0, 1, [2, 3], 8, [0, 3]), block(1, 2.8, [4.8, 5.6], 3, [4, 9]), block(2.8, 6, undefined, 8, [10, 20])];
    blocks[1].cost = 0.6;
    resolveRivalClaims(blocks, ref, audio);
    expect(blocks[2].found).toBe(true);
    expect(Math.abs(blocks[2].audioStart - 4.8)).toBeLessThan(0.2);
    expect(Math.abs(blocks[2].audioEnd - 8.0)).toBeLessThan(0.3);
    // H is left for the later passes.
    expect(blocks[1].found).toBe(false);
  });
});
