import { describe, expect, it } from 'vitest';
import { distanceRow, forget, place, resetKernelMemory, subsequenceLastRow } from '../../src/align/kernels.js';
import { mulberry32 } from './synthetic.js';

function randomMatrix(rand: () => number, frames: number, dims: number): Float32Array {
  return Float32Array.from({ length: frames * dims }, () => (rand() - 0.5) * 0.6);
}

function distance(ref: Float32Array, i: number, audio: Float32Array, j: number, dims: number): number {
  let dot = 0;
  for (let d = 0; d < dims; d++) dot += ref[i * dims + d] * audio[j * dims + d];
  return 1 - dot;
}

/** The subsequence recurrence written out plainly over the whole matrix (the kernel keeps three rows). */
function naiveLastRow(ref: Float32Array, refStart: number, n: number, audio: Float32Array, dims: number, windowStart: number, m: number) {
  const D = (i: number, j: number) => distance(ref, refStart + i, audio, windowStart + j, dims);
  const cost: number[][] = [];
  const start: number[][] = [];
  for (let i = 0; i < n; i++) {
    cost.push(new Array(m).fill(Infinity));
    start.push(new Array(m).fill(0));
    for (let j = 0; j < m; j++) {
      if (i === 0) {
        cost[0][j] = 2 * D(0, j);
        start[0][j] = j;
        continue;
      }
      if (j === 0) continue;
      const candidates: Array<[number, number]> = [[cost[i - 1][j - 1] + 2 * D(i, j), start[i - 1][j - 1]]];
      if (j >= 2) candidates.push([cost[i - 1][j - 2] + D(i, j - 1) + 2 * D(i, j), start[i - 1][j - 2]]);
      if (j >= 3) candidates.push([cost[i - 1][j - 3] + D(i, j - 2) + D(i, j - 1) + 2 * D(i, j), start[i - 1][j - 3]]);
      if (i >= 2) candidates.push([cost[i - 2][j - 1] + D(i - 1, j) + 2 * D(i, j), start[i - 2][j - 1]]);
      let best = candidates[0];
      for (const c of candidates) if (c[0] < best[0]) best = c;
      [cost[i][j], start[i][j]] = best;
    }
  }
  return { cost: cost[n - 1], start: start[n - 1] };
}

describe('WebAssembly DTW kernels', () => {
  it.each([12, 5, 3])('computes 1 − dot product per frame pair (%i coefficients)', (dims) => {
    const rand = mulberry32(dims);
    const ref = randomMatrix(rand, 7, dims);
    const audio = randomMatrix(rand, 40, dims);
    const row = distanceRow(ref, 4, audio, dims, 10, 31);
    expect(row.length).toBe(21);
    for (let k = 0; k < row.length; k++) expect(row[k]).toBeCloseTo(distance(ref, 4, audio, 10 + k, dims), 5);
  });

  it('raises negative distances to 0 only when asked (the fine pass), never in the search', () => {
    const rand = mulberry32(7);
    // Large values: many frame pairs have a dot product above 1.
    const ref = randomMatrix(rand, 7, 12).map((x) => x * 5);
    const audio = randomMatrix(rand, 40, 12).map((x) => x * 5);
    const raw = Array.from(distanceRow(ref, 2, audio, 12, 0, 40));
    const floored = Array.from(distanceRow(ref, 2, audio, 12, 0, 40, true));
    expect(raw.some((d) => d < 0)).toBe(true);
    raw.forEach((d, k) => {
      expect(d).toBeCloseTo(distance(ref, 2, audio, k, 12), 4);
      expect(floored[k]).toBeCloseTo(Math.max(0, d), 4);
    });
  });

  it.each([[12, 1], [3, 1], [12, 5]])('gives the subsequence recurrence its last row, start columns included (%i coefficients, values ×%i)', (dims, scale) => {
    const rand = mulberry32(100 + dims);
    // At ×5 many distances are negative: the search must use them as they are, in every row.
    const ref = randomMatrix(rand, 30, dims).map((x) => x * scale);
    const audio = randomMatrix(rand, 80, dims).map((x) => x * scale);
    const got = subsequenceLastRow(ref, 5, 17, audio, dims, 12, 50);
    const want = naiveLastRow(ref, 5, 17, audio, dims, 12, 50);
    for (let j = 0; j < 50; j++) {
      if (Number.isFinite(want.cost[j])) {
        expect(got.cost[j]).toBeCloseTo(want.cost[j], 4);
        expect(got.start[j]).toBe(want.start[j]);
      } else expect(got.cost[j]).toBe(Infinity);
    }
  });

  it('copies an array into kernel memory once, and copies it afresh after a reset', () => {
    resetKernelMemory();
    const data = new Float32Array(24).fill(0.1);
    const first = place(data);
    expect(place(data)).toBe(first);
    expect(place(new Float32Array(24))).not.toBe(first);
    expect(distanceRow(data, 0, data, 12, 1, 2)[0]).toBeCloseTo(1 - 12 * 0.01, 5);
    resetKernelMemory();
    data.fill(0.2);
    // The arena starts over at the same place, and holds the array's new contents.
    expect(place(data)).toBe(first);
    expect(distanceRow(data, 0, data, 12, 1, 2)[0]).toBeCloseTo(1 - 12 * 0.04, 5);
  });

  it('copies an array changed in place afresh once it is forgotten', () => {
    resetKernelMemory();
    const data = new Float32Array(24).fill(0.1);
    expect(distanceRow(data, 0, data, 12, 1, 2)[0]).toBeCloseTo(1 - 12 * 0.01, 5);
    data.fill(0.2);
    // Still the copy made before the change...
    expect(distanceRow(data, 0, data, 12, 1, 2)[0]).toBeCloseTo(1 - 12 * 0.01, 5);
    forget(data);
    // ...until it is forgotten.
    expect(distanceRow(data, 0, data, 12, 1, 2)[0]).toBeCloseTo(1 - 12 * 0.04, 5);
  });
});
