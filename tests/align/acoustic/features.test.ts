import { describe, expect, it } from 'vitest';
import { observationVectors } from '../../../src/align/acoustic/features.js';
import { computeCepstra, frontEndParams } from '../../../src/align/acoustic/frontend.js';
import { noise } from './helpers.js';

const C = 13;
const at = (v: Float32Array, frame: number, dim: number) => v[frame * 3 * C + dim];

/** Cepstra where coefficient i of frame t is f(t, i). */
function cepstra(frames: number, f: (t: number, i: number) => number): Float32Array {
  return Float32Array.from({ length: frames * C }, (_, k) => f(Math.floor(k / C), k % C));
}

describe('observationVectors', () => {
  it('makes 39 values a frame: c, Δc, ΔΔc', () => {
    expect(observationVectors(cepstra(50, () => 1), 50, null)).toHaveLength(50 * 39);
    expect(observationVectors(new Float32Array(0), 0, null)).toHaveLength(0);
  });

  it('normalizes the cepstral mean to zero over the recording (CMN)', () => {
    const real = computeCepstra(noise(1.5, 2500, 11), frontEndParams({ lowerf: 130, upperf: 3700, nfilt: 20, lifter: 22 }));
    const v = observationVectors(real.cepstra, real.frames, null);
    for (let i = 0; i < C; i++) {
      let sum = 0;
      let raw = 0;
      for (let f = 0; f < real.frames; f++) {
        sum += at(v, f, i);
        raw += real.cepstra[f * C + i];
      }
      expect(Math.abs(sum / real.frames)).toBeLessThan(1e-3);
      // The shift is the raw mean, not a rescaling: differences between frames survive.
      expect(at(v, 5, i) - at(v, 6, i)).toBeCloseTo(real.cepstra[5 * C + i] - real.cepstra[6 * C + i], 3);
      if (i === 0) expect(Math.abs(raw / real.frames)).toBeGreaterThan(1);
    }
  });

  it('gives zero deltas and delta-deltas for constant cepstra', () => {
    const v = observationVectors(cepstra(40, (_, i) => 3 * i - 7), 40, null);
    for (let f = 0; f < 40; f++) for (let d = 0; d < 39; d++) expect(at(v, f, d)).toBeCloseTo(0, 5);
  });

  it('gives Δc = c[t+2] − c[t−2] and ΔΔc = 0 on a ramp, with the edge frames repeated', () => {
    const slope = Array.from({ length: C }, (_, i) => (i - 6) * 0.5);
    const frames = 30;
    const v = observationVectors(cepstra(frames, (t, i) => slope[i] * t), frames, null);
    for (let i = 0; i < C; i++) {
      for (let t = 2; t < frames - 2; t++) expect(at(v, t, C + i)).toBeCloseTo(4 * slope[i], 4);
      for (let t = 3; t < frames - 3; t++) expect(at(v, t, 2 * C + i)).toBeCloseTo(0, 4);
      // At the first frame c[−2] is c[0]: half the slope's reach.
      expect(at(v, 0, C + i)).toBeCloseTo(2 * slope[i], 4);
      expect(at(v, frames - 1, C + i)).toBeCloseTo(2 * slope[i], 4);
    }
  });

  it('with a sliding mean, follows a level change that a whole-recording mean would smear', () => {
    const frames = 400;
    const step = cepstra(frames, (t) => (t < 200 ? 0 : 10));
    const sliding = observationVectors(step, frames, 100);
    const global = observationVectors(step, frames, null);
    // Far from the step, each side is normalized by its own level.
    expect(at(sliding, 20, 0)).toBeCloseTo(0, 4);
    expect(at(sliding, 380, 0)).toBeCloseTo(0, 4);
    expect(at(global, 20, 0)).toBeCloseTo(-5, 4);
    expect(at(global, 380, 0)).toBeCloseTo(5, 4);
    // A window at least as long as the recording is the global mean.
    expect(observationVectors(step, frames, 400)).toEqual(global);
  });
});
