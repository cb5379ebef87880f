import { describe, expect, it } from 'vitest';
import { wordConfidence } from '../../src/align/confidence.js';

describe('wordConfidence', () => {
  it('is 0.35 at the midpoints of both curves (cost 0.72, distinctness 5)', () => {
    // match = 0.5, located = 0.5: 0.5 × (0.4 + 0.6 × 0.5).
    expect(wordConfidence(0.72, 5)).toBeCloseTo(0.35, 12);
  });

  it('is high for a clean match in a block that stood out, and near 0 for unrelated sound', () => {
    expect(wordConfidence(0.3, 12)).toBeGreaterThan(0.95);
    expect(wordConfidence(1.0, 12)).toBeLessThan(0.02);
  });

  it('falls as the path cost rises', () => {
    let previous = Infinity;
    for (let cost = 0; cost <= 1.5; cost += 0.05) {
      const c = wordConfidence(cost, 6);
      expect(c).toBeLessThan(previous);
      previous = c;
    }
  });

  it('rises with distinctness, but a poorly located block still keeps 40% of a good match', () => {
    let previous = -Infinity;
    for (let z = -5; z <= 15; z += 0.5) {
      const c = wordConfidence(0.4, z);
      expect(c).toBeGreaterThan(previous);
      previous = c;
    }
    // Words placed by sharing out a gap (distinctness 1) or with none at all.
    expect(wordConfidence(0.3, -100)).toBeCloseTo(0.4, 2);
    expect(wordConfidence(0.3, 1)).toBeLessThan(0.5);
  });

  it('stays within [0, 1]', () => {
    for (const cost of [-10, 0, 0.5, 2, 100]) {
      for (const z of [-100, 0, 5, 100]) {
        const c = wordConfidence(cost, z);
        expect(c).toBeGreaterThanOrEqual(0);
        expect(c).toBeLessThanOrEqual(1);
      }
    }
  });
});
