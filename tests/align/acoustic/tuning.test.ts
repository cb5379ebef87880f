import { describe, expect, it } from 'vitest';
import { ACOUSTIC_TUNING, type AcousticTuning } from '../../../src/align/acoustic/tuning.js';
import { confidenceFeatures } from '../../../src/align/acoustic/confidence.js';

/**
 * tuning.ts's convention: every value's unit is the end of its name (seconds, 10 ms frames, phones, log-likelihood
 * ratio per frame, nats per frame, robust z-scores, natural-log prices, probabilities, shares of a
 * length). Counts and fitted weights are the documented unitless ones.
 */
const UNIT_SUFFIXES = ['Seconds', 'Frames', 'Phones', 'Words', 'Blocks', 'LlrPerFrame', 'PerFrame', 'PerSecond', 'Z', 'Log', 'Probability', 'Share'];
/** Unitless by their doc comments: counts of impostors, anchors, adaptation rounds, EM iterations and a word's pronunciations, the logistic weights of confidence.ts. */
const UNITLESS = ['impostors', 'maxAnchors', 'adaptRounds', 'adaptIterations', 'timingPronunciationsPerWord', 'confidenceWeights'];
/** Names allowed to break the convention (none today). */
const KNOWN_EXCEPTIONS: string[] = [];

describe('ACOUSTIC_TUNING', () => {
  it('is frozen: no pass can change a value for the others', () => {
    expect(Object.isFrozen(ACOUSTIC_TUNING)).toBe(true);
    expect(() => {
      (ACOUSTIC_TUNING as { minBlockPhones: number }).minBlockPhones = 1;
    }).toThrow(TypeError);
    expect(ACOUSTIC_TUNING.minBlockPhones).toBe(12);
  });

  // Object.freeze is shallow, so the arrays are frozen on their own (`readonly` is only a compile-time promise).
  it('freezes its array values too (widenSeconds, confidenceWeights)', () => {
    expect(Object.isFrozen(ACOUSTIC_TUNING.widenSeconds)).toBe(true);
    expect(Object.isFrozen(ACOUSTIC_TUNING.confidenceWeights)).toBe(true);
  });

  it('names every value with its unit last, or documents it as unitless', () => {
    const unnamed = Object.keys(ACOUSTIC_TUNING).filter(
      (key) => !UNIT_SUFFIXES.some((suffix) => key.endsWith(suffix)) && !UNITLESS.includes(key) && !KNOWN_EXCEPTIONS.includes(key),
    );
    expect(unnamed).toEqual([]);
    // The exceptions list must not hide keys that no longer exist.
    for (const key of [...UNITLESS, ...KNOWN_EXCEPTIONS]) expect(Object.keys(ACOUSTIC_TUNING)).toContain(key);
  });

  it('holds only finite numbers and arrays of them, with probabilities and shares in range', () => {
    for (const [key, value] of Object.entries(ACOUSTIC_TUNING)) {
      const values = Array.isArray(value) ? value : [value];
      expect(values.length, key).toBeGreaterThan(0);
      for (const v of values) expect(Number.isFinite(v), key).toBe(true);
      if (key.endsWith('Probability')) for (const v of values) expect(v > 0 && v < 1, key).toBe(true);
      if (key.endsWith('Seconds') || key.endsWith('Phones') || key.endsWith('Share')) for (const v of values) expect(v, key).toBeGreaterThanOrEqual(0);
    }
  });

  it('keeps its orderings: widening steps grow, prices are costs, confidence has one weight per feature plus the intercept', () => {
    const w = ACOUSTIC_TUNING.widenSeconds;
    for (let i = 1; i < w.length; i++) expect(w[i]).toBeGreaterThan(w[i - 1]);
    expect(ACOUSTIC_TUNING.garbageEntryLog).toBeLessThan(0);
    expect(ACOUSTIC_TUNING.garbageLlrPerFrame).toBeLessThan(0);
    expect(ACOUSTIC_TUNING.floorLlrPerFrame).toBeLessThan(ACOUSTIC_TUNING.garbageLlrPerFrame);
    // Anchors fix the order of everything else, so they must be held to a stricter bar than a match.
    expect(ACOUSTIC_TUNING.anchorImpostorZ).toBeGreaterThan(ACOUSTIC_TUNING.impostorMarginZ);
    const features = confidenceFeatures({ llr: -1, neighbourhoodLlr: -1, relativeBlockLlr: 0, blockZ: 5, logStretch: 0, bounded: false, fallback: false, gapBeforeSeconds: null, gapAfterSeconds: null, earlierPass: { kind: 'none' } });
    expect(ACOUSTIC_TUNING.confidenceWeights).toHaveLength(features.length + 1);
    // A fallback gap holds its text at some pace between the two bounds.
    expect(ACOUSTIC_TUNING.fallbackMaxGapShare).toBeGreaterThan(ACOUSTIC_TUNING.fallbackMinGapShare);
    expect(ACOUSTIC_TUNING.adaptMaxSpeechSeconds).toBeGreaterThan(ACOUSTIC_TUNING.adaptMinSpeechSeconds);
    for (const count of [ACOUSTIC_TUNING.adaptRounds, ACOUSTIC_TUNING.adaptIterations]) expect(Number.isInteger(count) && count >= 0).toBe(true);
  });

  it('has a type that other tunings (the benchmark’s fitting runs, tests) can satisfy', () => {
    // The type has numbers, not the frozen object's literal types (minBlockPhones: 12), so another
    // set of values type-checks without a cast.
    const other: AcousticTuning = { ...ACOUSTIC_TUNING, minBlockPhones: 10 };
    expect(other.minBlockPhones).toBe(10);
  });
});
