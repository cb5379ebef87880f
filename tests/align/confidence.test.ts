import { describe, expect, it } from 'vitest';
import { confidenceFeatures, wordConfidences, type WordEvidence } from '../../src/align/confidence.js';

const good: WordEvidence = { pathCost: 0.35, distinctness: 7, speechShare: 1, stretch: 0.1 };

describe('confidenceFeatures', () => {
  it('averages the path cost over the word and up to three neighbours either side, skipping unplaced ones', () => {
    const evidence: Array<WordEvidence | null> = [
      { ...good, pathCost: 0.2 },
      null,
      { ...good, pathCost: 0.5 },
      { ...good, pathCost: 0.8 },
    ];
    const x = confidenceFeatures(evidence, 2)!;
    expect(x[0]).toBe(0.5);
    expect(x[1]).toBeCloseTo((0.2 + 0.5 + 0.8) / 3, 12);
  });

  it('scales distinctness to 0..1 (capped at z = 10), flags gap-shared blocks, and takes |stretch|', () => {
    expect(confidenceFeatures([{ ...good, distinctness: 25 }], 0)![2]).toBe(1);
    expect(confidenceFeatures([{ ...good, distinctness: 1 }], 0)![3]).toBe(1);
    expect(confidenceFeatures([{ ...good, distinctness: 4 }], 0)![3]).toBe(0);
    expect(confidenceFeatures([{ ...good, stretch: -0.7 }], 0)![5]).toBe(0.7);
    expect(confidenceFeatures([null], 0)).toBeNull();
  });
});

describe('wordConfidences', () => {
  it('is null for unplaced words and a probability otherwise', () => {
    const out = wordConfidences([good, null]);
    expect(out[1]).toBeNull();
    expect(out[0]).toBeGreaterThan(0);
    expect(out[0]).toBeLessThan(1);
  });

  it('is high for a clean, distinct, unstretched match in speech', () => {
    expect(wordConfidences([good])[0]).toBeGreaterThan(0.95);
  });

  it('falls when the warp squeezed or stretched the word far from its reference length', () => {
    const [normal] = wordConfidences([good]);
    const [squeezed] = wordConfidences([{ ...good, stretch: -2 }]);
    const [stretched] = wordConfidences([{ ...good, stretch: 2 }]);
    expect(squeezed!).toBeLessThan(normal! - 0.1);
    expect(stretched!).toBeLessThan(normal! - 0.1);
  });

  it('falls as the path cost of the word and its neighbours rises', () => {
    let previous = 1;
    for (const cost of [0.3, 0.6, 0.9, 1.2, 1.5]) {
      const [c] = wordConfidences([{ ...good, pathCost: cost }]);
      expect(c!).toBeLessThan(previous);
      previous = c!;
    }
    expect(previous).toBeLessThan(0.99);
  });

  it('uses the weights it is given (intercept first)', () => {
    const [c] = wordConfidences([good], [0, 0, 0, 0, 0, 0, 0]);
    expect(c).toBe(0.5);
  });
});
