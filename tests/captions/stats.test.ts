import { describe, expect, it } from 'vitest';
import { captionStats, quantile } from '../../src/captions/stats.js';
import { readCaptionCues } from '../../src/captions/parse.js';

const cue = (start: number, end: number, lines: string[], firstWord?: number, lastWord?: number) => ({ start, end, lines, firstWord, lastWord });

describe('captionStats', () => {
  const cues = [
    cue(1, 3, ['A fine first cue.'], 0, 2), // ok
    cue(3.05, 4, ['Too close to the first one.'], 3, 5), // gap 50 ms, cps 27/0.95 > 20
    cue(3.9, 5, ['Overlapping.'], 6, 6), // overlap
    cue(6, 6.5, ['Short.'], 7, 7), // min duration
    cue(7, 15, ['Long.'], 8, 8), // max duration
    cue(16, 18, ['x'.repeat(50)], 9, 9), // line length, cps 25
    cue(19, 22, ['one', 'two', 'three'], 10, 12), // line count
  ];

  it('gives the share of cues within each rule', () => {
    const stats = captionStats(cues);
    expect(stats.cues).toBe(7);
    expect(stats.rules.lineLength).toEqual({ within: 6, total: 7, share: 6 / 7 });
    expect(stats.rules.lineCount.within).toBe(6);
    expect(stats.rules.cps.within).toBe(5);
    expect(stats.rules.minDuration.within).toBe(6);
    expect(stats.rules.maxDuration.within).toBe(6);
    expect(stats.rules.duration.within).toBe(5);
    expect(stats.rules.gap).toEqual({ within: 5, total: 6, share: 5 / 6 });
    expect(stats.rules.overlap).toEqual({ within: 5, total: 6, share: 5 / 6 });
    expect(stats.rules.all.within).toBe(1);
  });

  it('follows the limits it is given', () => {
    const stats = captionStats(cues, undefined, { maxLineLength: 60, maxLines: 3, maxCps: 30 });
    expect(stats.rules.lineLength.within).toBe(7);
    expect(stats.rules.lineCount.within).toBe(7);
    expect(stats.rules.cps.within).toBe(7);
  });

  it('measures start and end errors against true word times', () => {
    const truth = Array.from({ length: 13 }, (_, i) => ({ start: 0, end: 0, i }));
    cues.forEach((c, k) => {
      truth[c.firstWord as number] = { ...truth[c.firstWord as number], start: c.start - 0.01 * (k + 1) };
      truth[c.lastWord as number] = { ...truth[c.lastWord as number], end: c.end - 0.1 * (k + 1) };
    });
    const stats = captionStats(cues, truth);
    expect(stats.startError?.n).toBe(7);
    expect(stats.startError?.median).toBeCloseTo(0.04, 9);
    expect(stats.startError?.p90).toBeCloseTo(0.064, 9);
    expect(stats.endError?.median).toBeCloseTo(0.4, 9);
    expect(stats.endError?.max).toBeCloseTo(0.7, 9);
  });

  it('skips cues without word indices or truth, and gives null without truth', () => {
    expect(captionStats(cues).startError).toBeNull();
    const stats = captionStats([cue(1, 2, ['a']), cue(3, 4, ['b'], 0, 0)], [{ start: 3.5, end: 4 }]);
    expect(stats.startError).toMatchObject({ n: 1, median: 0.5 });
  });

  it('measures files made elsewhere', () => {
    const foreign = readCaptionCues('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<c>Hi</c> there.\n');
    expect(captionStats(foreign).rules.all).toEqual({ within: 1, total: 1, share: 1 });
  });
});

describe('quantile', () => {
  it('interpolates between ranks', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([0, 10], 0.9)).toBeCloseTo(9, 9);
    expect(quantile([5], 0.9)).toBe(5);
  });
});
