import { describe, expect, it } from 'vitest';
import { pauseRuns, snapEdgesToPauses, speechMask, trimToSpeech, type SpeechMask } from '../../src/align/speech.js';

/** A mask from a pattern: runs of [voiced, frames]. */
function maskOf(runs: Array<[0 | 1, number]>, hop = 0.01): SpeechMask {
  const speech: number[] = [];
  for (const [value, frames] of runs) for (let k = 0; k < frames; k++) speech.push(value);
  // Built as a variable, not returned as a literal: `noise` (no noise frames) is then accepted
  // whether or not this version of SpeechMask has that field.
  const mask = { speech: Uint8Array.from(speech), noise: new Uint8Array(speech.length), thresholdDb: -50, hop };
  return mask;
}

type Word = { start: number | null; end: number | null };

describe('speechMask', () => {
  it('puts the threshold a quarter of the way from the noise floor to the speech level', () => {
    // Floor −60 dB (5th percentile), speech −20 dB (95th): −60 + 0.25 × 40 = −50.
    const energy = new Float32Array(100).fill(-60);
    energy.fill(-20, 50);
    energy[10] = -49; // just above
    energy[30] = -51; // just below
    const mask = speechMask(energy);
    expect(mask.thresholdDb).toBe(-50);
    expect(mask.hop).toBe(0.01);
    expect(mask.speech[10]).toBe(1);
    expect(mask.speech[30]).toBe(0);
    expect(Array.from(mask.speech.subarray(50)).every((v) => v === 1)).toBe(true);
    expect(Array.from(mask.speech.subarray(0, 10)).every((v) => v === 0)).toBe(true);
  });

  it('keeps the threshold at least 6 dB above the floor in a recording with little dynamic range', () => {
    // Floor −60, loud −40: a quarter of the range is only 5 dB, so the threshold is −54.
    const energy = new Float32Array(100).fill(-60);
    energy[10] = -55;
    energy[11] = -55;
    energy[30] = -53;
    energy[31] = -53;
    energy.fill(-40, 60, 70);
    const mask = speechMask(energy);
    expect(mask.thresholdDb).toBe(-54);
    expect(mask.speech[10]).toBe(0);
    expect(mask.speech[30]).toBe(1);
  });

  it('closes holes shorter than 5 frames (stop closures) but not longer ones', () => {
    const energy = new Float32Array(100).fill(-60);
    energy.fill(-20, 0, 20); // speech
    // 20..23: a 4-frame hole
    energy.fill(-20, 24, 40);
    // 40..44: a 5-frame hole
    energy.fill(-20, 45, 60);
    const { speech } = speechMask(energy);
    expect(Array.from(speech.subarray(0, 40)).every((v) => v === 1)).toBe(true);
    expect(Array.from(speech.subarray(40, 45))).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(speech.subarray(45, 60)).every((v) => v === 1)).toBe(true);
    expect(Array.from(speech.subarray(60)).every((v) => v === 0)).toBe(true);
  });

  it('returns an empty mask for no frames', () => {
    const mask = speechMask(new Float32Array(0), 0.02);
    expect(mask.speech.length).toBe(0);
    expect(mask.hop).toBe(0.02);
  });
});

describe('trimToSpeech', () => {
  // Sound from 1.00 s to 2.00 s in a 3 s recording.
  const mask = maskOf([[0, 100], [1, 100], [0, 100]]);

  it('pulls both edges of a word in from the silence around it', () => {
    const [start, end] = trimToSpeech(0.9, 2.2, mask);
    expect(start).toBeCloseTo(1.0, 9);
    expect(end).toBeCloseTo(2.0, 9);
  });

  it('trims at most 85% of the word', () => {
    // 105 frames, 100 of them silent before the sound: only floor(105 × 0.85) = 89 may go.
    const [start, end] = trimToSpeech(0, 1.05, mask);
    expect(start).toBeCloseTo(0.89, 9);
    expect(end).toBeCloseTo(1.05, 9);
  });

  it('shares the 85% budget between the two edges, leading edge first', () => {
    // 40 frames: 30 silent before, 5 voiced, 5 silent after. The budget, floor(40 × 0.85) = 34,
    // lets all 30 leading frames go but only 4 of the 5 trailing ones.
    const [start, end] = trimToSpeech(0.7, 1.1, maskOf([[0, 100], [1, 5], [0, 195]]));
    expect(start).toBeCloseTo(1.0, 9);
    expect(end).toBeCloseTo(1.06, 9);
  });

  it('leaves a word with no sound in its span as the path placed it', () => {
    expect(trimToSpeech(0.1, 0.5, mask)).toEqual([0.1, 0.5]);
    expect(trimToSpeech(2.5, 2.9, mask)).toEqual([2.5, 2.9]);
  });

  it('leaves an empty or inverted span alone', () => {
    expect(trimToSpeech(1.5, 1.5, mask)).toEqual([1.5, 1.5]);
    expect(trimToSpeech(3.5, 4, mask)).toEqual([3.5, 4]);
  });
});

describe('pauseRuns', () => {
  // Silent 0..14 (15), voiced 15..29, silent 30..40 (11), voiced 41..59, silent 60..71 (12),
  // voiced 72..79, silent 80..99 (20).
  const mask = maskOf([[0, 15], [1, 15], [0, 11], [1, 19], [0, 12], [1, 8], [0, 20]]);

  it('lists silences of at least 12 frames as [first, end) pairs, edges included', () => {
    expect(pauseRuns(mask)).toEqual([
      [0, 15],
      [60, 72],
      [80, 100],
    ]);
  });

  it('takes a different minimum length', () => {
    expect(pauseRuns(mask, 5)).toEqual([
      [0, 15],
      [30, 41],
      [60, 72],
      [80, 100],
    ]);
    expect(pauseRuns(maskOf([[1, 50]]))).toEqual([]);
  });
});

describe('snapEdgesToPauses', () => {
  // Sound 0.00–1.00 s, a 400 ms pause 1.00–1.40 s, sound 1.40–3.00 s.
  const mask = maskOf([[1, 100], [0, 40], [1, 160]]);

  it('moves the start of a word that begins with a sliver of sound then the pause to the pause end', () => {
    const words: Word[] = [
      { start: 0.3, end: 0.95 },
      { start: 0.95, end: 1.8 },
    ];
    snapEdgesToPauses(words, mask);
    expect(words[1].start).toBeCloseTo(1.4, 9);
    expect(words[1].end).toBe(1.8);
    expect(words[0].start).toBe(0.3);
  });

  it('gives the sliver before the pause back to the previous word (its end moves to the pause start)', () => {
    const words: Word[] = [
      { start: 0.3, end: 0.95 },
      { start: 0.95, end: 1.8 },
    ];
    snapEdgesToPauses(words, mask);
    expect(words[0].end).toBeCloseTo(1.0, 9);
  });

  it('cuts a previous word that reaches into the pause back to the pause start', () => {
    const words: Word[] = [
      { start: 0.3, end: 1.2 },
      { start: 0.95, end: 1.8 },
    ];
    snapEdgesToPauses(words, mask);
    expect(words[1].start).toBeCloseTo(1.4, 9);
    expect(words[0].end).toBeCloseTo(1.0, 9);
  });

  it('moves the end of a word that ends with the pause then a sliver of sound to the pause start', () => {
    const words: Word[] = [
      { start: 0.3, end: 1.45 },
      { start: 1.45, end: 2.0 },
    ];
    snapEdgesToPauses(words, mask);
    expect(words[0].end).toBeCloseTo(1.0, 9);
    expect(words[0].start).toBe(0.3);
  });

  it('cuts a next word that starts inside the pause forward to the pause end', () => {
    const words: Word[] = [
      { start: 0.3, end: 1.45 },
      { start: 1.2, end: 2.0 },
    ];
    snapEdgesToPauses(words, mask);
    expect(words[0].end).toBeCloseTo(1.0, 9);
    expect(words[1].start).toBeCloseTo(1.4, 9);
  });

  it('gives the sliver after the pause to the next word (its start moves to the pause end)', () => {
    const words: Word[] = [
      { start: 0.3, end: 1.45 },
      { start: 1.45, end: 2.0 },
    ];
    snapEdgesToPauses(words, mask);
    expect(words[1].start).toBeCloseTo(1.4, 9);
  });

  it('leaves a word with substantial sound on both sides of the pause alone', () => {
    const words: Word[] = [{ start: 0.7, end: 1.8 }];
    snapEdgesToPauses(words, mask);
    expect(words[0]).toEqual({ start: 0.7, end: 1.8 });
  });

  it('leaves an edge that crosses the pause by more than 100 ms alone', () => {
    // 110 ms of sound before the pause: more than a sliver.
    const long: Word[] = [{ start: 0.89, end: 1.8 }];
    snapEdgesToPauses(long, mask);
    expect(long[0]).toEqual({ start: 0.89, end: 1.8 });
  });

  it('puts a word that is slivers on both sides of the pause after the pause', () => {
    // 50 and 70 ms of sound around the 400 ms pause: the word is the one spoken after it, and the
    // previous word keeps the sound before the pause.
    const words: Word[] = [
      { start: 0.3, end: 0.95 },
      { start: 0.95, end: 1.47 },
      { start: 1.47, end: 2.0 },
    ];
    snapEdgesToPauses(words, mask);
    expect(words[1].start).toBeCloseTo(1.4, 9);
    expect(words[1].end).toBe(1.47);
    expect(words[0].end).toBeCloseTo(1.0, 9);
  });

  it('skips words with no time, using the previous placed word as the neighbour', () => {
    const words: Word[] = [
      { start: 0.3, end: 1.2 },
      { start: null, end: null },
      { start: 0.95, end: 1.8 },
    ];
    snapEdgesToPauses(words, mask);
    expect(words[1]).toEqual({ start: null, end: null });
    expect(words[2].start).toBeCloseTo(1.4, 9);
    expect(words[0].end).toBeCloseTo(1.0, 9);
  });

  it('changes nothing in a recording without pauses', () => {
    const words: Word[] = [
      { start: 0.3, end: 0.95 },
      { start: 0.95, end: 1.8 },
    ];
    snapEdgesToPauses(words, maskOf([[1, 300]]));
    expect(words).toEqual([
      { start: 0.3, end: 0.95 },
      { start: 0.95, end: 1.8 },
    ]);
  });
});
