import { describe, expect, it } from 'vitest';
import { BLOCK_Z_CAP, confidenceFeatures, wordConfidence, type WordEvidence } from '../../../src/align/acoustic/confidence.js';
import { ACOUSTIC_TUNING, type AcousticTuning } from '../../../src/align/acoustic/tuning.js';
import { mulberry32 } from './helpers.js';

const typical: WordEvidence = { llr: -1.5, neighbourhoodLlr: -1.5, relativeBlockLlr: 0, blockZ: 6, logStretch: 0, bounded: false, fallback: false, gapBeforeSeconds: 0, gapAfterSeconds: 0.05, earlierPass: { kind: 'timed', movedSeconds: 0 } };
const conf = (change: Partial<WordEvidence>, tuning: AcousticTuning = ACOUSTIC_TUNING) => wordConfidence({ ...typical, ...change }, tuning);

describe('wordConfidence', () => {
  it('stays in [0, 1] over a wide sweep of evidence, extremes included', () => {
    const rand = mulberry32(15);
    for (let i = 0; i < 2000; i++) {
      const c = wordConfidence(
        {
          llr: -20 * rand(),
          neighbourhoodLlr: -20 * rand(),
          relativeBlockLlr: 10 - 20 * rand(),
          blockZ: 40 * rand() - 10,
          logStretch: 6 * rand() - 3,
          bounded: rand() < 0.5,
          fallback: rand() < 0.2,
          gapBeforeSeconds: rand() < 0.1 ? null : 600 * rand() ** 4,
          gapAfterSeconds: rand() < 0.1 ? null : 600 * rand() ** 4,
          earlierPass: rand() < 0.1 ? { kind: 'none' } : rand() < 0.1 ? { kind: 'untimed' } : { kind: 'timed', movedSeconds: 600 * rand() ** 4 },
        },
        ACOUSTIC_TUNING,
      );
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(1);
    }
    expect(conf({ llr: -1e6, neighbourhoodLlr: -1e6 })).toBeGreaterThanOrEqual(0);
    expect(conf({ llr: -Infinity })).toBe(0);
  });

  it('rises with the word’s own score, its neighbours’ score, its block’s score against the rest of the recording and its block’s impostor margin', () => {
    for (const key of ['llr', 'neighbourhoodLlr', 'relativeBlockLlr', 'blockZ'] as const) {
      let previous = -1;
      for (let v = -6; v <= 10; v += 0.5) {
        const c = conf({ [key]: key === 'blockZ' ? v + 5 : v * 0.5 - 1 });
        expect(c, key).toBeGreaterThanOrEqual(previous);
        previous = c;
      }
    }
    expect(conf({ neighbourhoodLlr: -1 })).toBeGreaterThan(conf({ neighbourhoodLlr: -4 }));
    expect(conf({ blockZ: 10 })).toBeGreaterThan(conf({ blockZ: 3 }));
    expect(conf({ relativeBlockLlr: 0 })).toBeGreaterThan(conf({ relativeBlockLlr: -2 }));
  });

  it('falls as a word is squeezed or stretched, each way by its own weight, and for a block laid in a gap with a low margin', () => {
    for (const sign of [1, -1]) {
      let previous = 2;
      for (let s = 0; s <= 3; s += 0.25) {
        const c = conf({ logStretch: sign * s });
        expect(c).toBeLessThanOrEqual(previous);
        previous = c;
      }
    }
    // Each way has its own weight (a stretched word has taken in other sound; a squeezed one less so).
    expect(conf({ logStretch: 1 })).not.toBe(conf({ logStretch: -1 }));
    // The gap-search and fallback flags' own weights are small and fitted either way: a block found
    // only in a gap or laid in one carries its doubt in its low impostor margin and score (tuning.ts
    // has the weights).
    expect(conf({ bounded: true, blockZ: 1, relativeBlockLlr: -0.5 })).toBeLessThan(conf({}));
    expect(conf({ fallback: true, blockZ: 0, relativeBlockLlr: -1 })).toBeLessThan(conf({}));
  });

  it('falls with the pause before or after the word (an edge only silence or noise bounds)', () => {
    for (const key of ['gapBeforeSeconds', 'gapAfterSeconds'] as const) {
      let previous = 2;
      for (const gap of [0, 0.1, 0.3, 1, 3, 30]) {
        const c = conf({ [key]: gap });
        expect(c, key).toBeLessThan(previous);
        previous = c;
      }
      // The first or last word of the recording has nothing on that side: as if no pause.
      expect(conf({ [key]: null })).toBe(conf({ [key]: 0 }));
    }
  });

  it('falls as the adapted pass moves the word from where the pass before timed it, and for a word that pass did not time', () => {
    let previous = 2;
    for (const moved of [0, 0.02, 0.05, 0.2, 1, 10]) {
      const c = conf({ earlierPass: { kind: 'timed', movedSeconds: moved } });
      expect(c).toBeLessThan(previous);
      previous = c;
    }
    expect(conf({ earlierPass: { kind: 'untimed' } })).toBeLessThan(conf({ earlierPass: { kind: 'timed', movedSeconds: 0 } }));
    // A single pass (too little speech to adapt on) is neither evidence for nor against.
    expect(conf({ earlierPass: { kind: 'none' } })).toBe(conf({ earlierPass: { kind: 'timed', movedSeconds: 0 } }));
  });

  it('gains nothing from an impostor margin above the cap', () => {
    expect(conf({ blockZ: BLOCK_Z_CAP })).toBe(conf({ blockZ: BLOCK_Z_CAP * 4 }));
    expect(confidenceFeatures({ ...typical, blockZ: 100 })[3]).toBe(1);
  });

  it('a word laid on speech it does not match scores below 0.5; a well-matched one above 0.9', () => {
    // What the alignment sees of a misplaced word: scoring what other text scores in a recording
    // (the chance median, about −6.5 per frame on the tuning set: locate.ts), far below the
    // recording's verified text (about −1.5), a weak block, stretched.
    expect(conf({ llr: -6, neighbourhoodLlr: -6, relativeBlockLlr: -4.5, blockZ: 1, logStretch: 1.2 })).toBeLessThan(0.5);
    expect(conf({ llr: -0.8, neighbourhoodLlr: -0.9, blockZ: 12, logStretch: 0.1 })).toBeGreaterThan(0.9);
  });

  it('takes its weights from the tuning it is given', () => {
    const features = confidenceFeatures(typical).length;
    const zero = { ...ACOUSTIC_TUNING, confidenceWeights: new Array<number>(features + 1).fill(0) };
    expect(conf({}, zero)).toBe(0.5);
    const interceptOnly = { ...ACOUSTIC_TUNING, confidenceWeights: [Math.log(3), ...new Array<number>(features).fill(0)] };
    expect(conf({ llr: -9 }, interceptOnly)).toBeCloseTo(0.75, 12);
    // The logistic of the dot product, written out for the typical word.
    const w = ACOUSTIC_TUNING.confidenceWeights;
    const x = confidenceFeatures(typical);
    const logit = w[0] + x.reduce((sum, v, i) => sum + v * w[i + 1], 0);
    expect(conf({})).toBeCloseTo(1 / (1 + Math.exp(-logit)), 12);
  });
});
