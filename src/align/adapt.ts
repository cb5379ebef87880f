import type { Features } from './features.js';
import type { WarpPath } from './dtw.js';

/**
 * Speaker adaptation of the reference: the synthetic voice and the real speaker differ in ways a
 * per-file normalization cannot remove (vocal tract length, spectral tilt). Once a first pass has
 * paired reference frames with audio frames, a least-squares affine map from reference to audio
 * features is fitted on those pairs and applied to the whole reference, and the fine pass runs
 * again with a reference that sounds more like the speaker.
 */
/** Aligned frame pairs needed before adapting: about a minute of speech. */
const MIN_PAIRS = 6000;

export function fitAffineMap(ref: Features, audio: Features, paths: readonly WarpPath[]): Float64Array | null {
  const dims = ref.dims;
  const size = dims + 1;
  // Normal equations: (XᵀX) W = XᵀY, X = [r, 1], Y = a.
  const xtx = new Float64Array(size * size);
  const xty = new Float64Array(size * dims);
  const x = new Float64Array(size);
  let pairs = 0;
  for (const path of paths) {
    for (let row = 0; row < path.audioFirst.length; row++) {
      const i = path.refStart + row;
      const j = path.audioFirst[row];
      if (j < 0 || path.localCost[row] > 0.9) continue;
      for (let d = 0; d < dims; d++) x[d] = ref.data[i * dims + d];
      x[dims] = 1;
      for (let p = 0; p < size; p++) {
        const xp = x[p];
        for (let q = 0; q < size; q++) xtx[p * size + q] += xp * x[q];
        for (let d = 0; d < dims; d++) xty[p * dims + d] += xp * audio.data[j * dims + d];
      }
      pairs++;
    }
  }
  // Too few pairs (a short clip) give a map that fits noise: keep the reference as it is.
  if (pairs < MIN_PAIRS) return null;
  // Ridge term towards the identity keeps the map tame where pairs are few.
  const ridge = pairs * 1e-3;
  for (let p = 0; p < dims; p++) {
    xtx[p * size + p] += ridge;
    xty[p * dims + p] += ridge;
  }
  return solveLinear(xtx, xty, size, dims);
}

/** Apply the map to every reference frame (in place). */
export function applyAffineMap(ref: Features, map: Float64Array): void {
  const dims = ref.dims;
  const out = new Float64Array(dims);
  for (let f = 0; f < ref.frames; f++) {
    const base = f * dims;
    for (let d = 0; d < dims; d++) out[d] = map[dims * dims + d];
    for (let p = 0; p < dims; p++) {
      const v = ref.data[base + p];
      for (let d = 0; d < dims; d++) out[d] += v * map[p * dims + d];
    }
    for (let d = 0; d < dims; d++) ref.data[base + d] = out[d];
  }
}

/** Solve A W = B for W (A: n×n, B: n×m), Gaussian elimination with partial pivoting. */
function solveLinear(a: Float64Array, b: Float64Array, n: number, m: number): Float64Array | null {
  const A = Float64Array.from(a);
  const B = Float64Array.from(b);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(A[r * n + col]) > Math.abs(A[pivot * n + col])) pivot = r;
    if (Math.abs(A[pivot * n + col]) < 1e-12) return null;
    if (pivot !== col) {
      for (let c = 0; c < n; c++) [A[col * n + c], A[pivot * n + c]] = [A[pivot * n + c], A[col * n + c]];
      for (let c = 0; c < m; c++) [B[col * m + c], B[pivot * m + c]] = [B[pivot * m + c], B[col * m + c]];
    }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = A[r * n + col] / A[col * n + col];
      if (factor === 0) continue;
      for (let c = col; c < n; c++) A[r * n + c] -= factor * A[col * n + c];
      for (let c = 0; c < m; c++) B[r * m + c] -= factor * B[col * m + c];
    }
  }
  const W = new Float64Array(n * m);
  for (let r = 0; r < n; r++) for (let c = 0; c < m; c++) W[r * m + c] = B[r * m + c] / A[r * n + r];
  return W;
}
