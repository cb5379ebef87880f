import { describe, expect, it } from 'vitest';
import { applyAffineMap, fitAffineMap } from '../../src/align/adapt.js';
import type { WarpPath } from '../../src/align/dtw.js';
import type { Features } from '../../src/align/features.js';
import { DIMS, gaussian, mulberry32 } from './synthetic.js';

/** Random features (unit-variance coefficients, like CMVN output). */
function randomFeatures(rand: () => number, frames: number): Features {
  return {
    frames,
    dims: DIMS,
    data: Float32Array.from({ length: frames * DIMS }, () => gaussian(rand)),
    energyDb: new Float32Array(frames),
    hop: 0.01,
  };
}

/**
 * A known affine map in the layout fitAffineMap returns: (dims + 1) × dims, row p holding the
 * weights of input coefficient p, the last row the offset. Near the identity (a speaker not far
 * from the synthetic voice), with some mixing, scaling and offset.
 */
function knownMap(rand: () => number): Float64Array {
  const map = new Float64Array((DIMS + 1) * DIMS);
  for (let p = 0; p < DIMS; p++) for (let d = 0; d < DIMS; d++) map[p * DIMS + d] = (p === d ? 0.8 : 0) + 0.15 * gaussian(rand);
  for (let d = 0; d < DIMS; d++) map[DIMS * DIMS + d] = 0.5 * gaussian(rand);
  return map;
}

/** Audio frames = map(reference frames) + a little noise, paired one to one along a single path. */
function pairedSetup(seed: number, frames: number, noise = 0.05) {
  const rand = mulberry32(seed);
  const ref = randomFeatures(rand, frames);
  const map = knownMap(rand);
  const audio: Features = { ...ref, data: Float32Array.from(ref.data), energyDb: new Float32Array(frames) };
  applyAffineMap(audio, map);
  for (let i = 0; i < audio.data.length; i++) audio.data[i] += noise * gaussian(rand);
  const path: WarpPath = {
    refStart: 0,
    audioFirst: Int32Array.from({ length: frames }, (_, i) => i),
    audioLast: Int32Array.from({ length: frames }, (_, i) => i),
    localCost: new Float32Array(frames).fill(0.4),
  };
  return { rand, ref, audio, map, path };
}

describe('fitAffineMap', () => {
  it('recovers a known affine map from enough aligned frame pairs', () => {
    const { ref, audio, map, path } = pairedSetup(51, 6500);
    const fitted = fitAffineMap(ref, audio, [path])!;
    expect(fitted).not.toBeNull();
    expect(fitted.length).toBe((DIMS + 1) * DIMS);
    let worst = 0;
    for (let k = 0; k < map.length; k++) worst = Math.max(worst, Math.abs(fitted[k] - map[k]));
    // The ridge towards the identity biases the weights by ~1e-3; noise adds less.
    expect(worst).toBeLessThan(0.01);
  });

  it('gives back the identity when reference and audio already agree', () => {
    const { ref, path } = pairedSetup(52, 6100);
    const fitted = fitAffineMap(ref, ref, [path])!;
    for (let p = 0; p <= DIMS; p++) {
      for (let d = 0; d < DIMS; d++) expect(fitted[p * DIMS + d]).toBeCloseTo(p === d ? 1 : 0, 4);
    }
  });

  it('refuses to fit fewer than 6000 pairs (a short clip would fit noise)', () => {
    const { ref, audio, path } = pairedSetup(53, 5999);
    expect(fitAffineMap(ref, audio, [path])).toBeNull();
  });

  it('counts pairs across paths, skipping badly matched rows and rows with no audio frame', () => {
    const { ref, audio, map, path } = pairedSetup(54, 8000);
    // Split the one path in two, and spoil 1500 rows: 500 unmatched (−1), 1000 paired with
    // garbage but flagged by a high local cost. 6500 good pairs remain.
    const half = (from: number, to: number): WarpPath => ({
      refStart: from,
      audioFirst: path.audioFirst.slice(from, to),
      audioLast: path.audioLast.slice(from, to),
      localCost: path.localCost.slice(from, to),
    });
    const a = half(0, 4000);
    const b = half(4000, 8000);
    a.audioFirst.fill(-1, 0, 500);
    for (let row = 1000; row < 2000; row++) {
      b.audioFirst[row] = (row * 7919) % 8000;
      b.localCost[row] = 0.95;
    }
    const fitted = fitAffineMap(ref, audio, [a, b])!;
    expect(fitted).not.toBeNull();
    let worst = 0;
    for (let k = 0; k < map.length; k++) worst = Math.max(worst, Math.abs(fitted[k] - map[k]));
    expect(worst).toBeLessThan(0.01);
    // Without those rows there are not enough pairs.
    expect(fitAffineMap(ref, audio, [half(0, 4000), { ...b, localCost: new Float32Array(4000).fill(0.95) }])).toBeNull();
  });
});

describe('applyAffineMap', () => {
  it('maps every reference frame in place: out[d] = Σ_p v[p] · W[p][d] + W[dims][d]', () => {
    const dims = 2;
    const ref: Features = { frames: 2, dims, data: Float32Array.from([1, 2, -1, 0.5]), energyDb: new Float32Array(2), hop: 0.01 };
    // W = [[2, 1], [0, 3]], offset [10, -1].
    applyAffineMap(ref, Float64Array.from([2, 1, 0, 3, 10, -1]));
    // [1, 2] → [1·2 + 2·0 + 10, 1·1 + 2·3 − 1] = [12, 6]; [−1, 0.5] → [8, −0.5].
    expect(Array.from(ref.data)).toEqual([12, 6, 8, -0.5]);
  });

  it('brings the reference onto the audio with a fitted map', () => {
    const { ref, audio, path } = pairedSetup(55, 6500);
    const fitted = fitAffineMap(ref, audio, [path])!;
    const before = meanSquaredDifference(ref, audio);
    applyAffineMap(ref, fitted);
    const after = meanSquaredDifference(ref, audio);
    expect(before).toBeGreaterThan(0.5);
    // What is left is the added noise (0.05² per coefficient).
    expect(after).toBeLessThan(0.004);
  });
});

function meanSquaredDifference(a: Features, b: Features): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += (a.data[i] - b.data[i]) ** 2;
  return sum / a.data.length;
}
