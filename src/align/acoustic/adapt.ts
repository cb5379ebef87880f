/**
 * Speaker and room adaptation: a per-dimension affine map of the observation vectors
 * (x ↦ scale·x + offset, a diagonal feature-space MLLR) that makes the frames the first pass
 * aligned most likely under the senones they were aligned to. Reverberation smears the cepstra
 * and shrinks their deltas, noise lifts their floor; the model then hears every phone as another.
 * A diagonal map has 78 parameters, so a few minutes of verified speech estimate it well, and it
 * moves every frame of the recording alike, so it cannot favour one placement over another.
 */
import type { GaussianTables } from './gmm.js';
import type { AcousticTuning } from './tuning.js';

const FRAMES_PER_SECOND = 100;

/** One aligned frame: its index in the recording and the CI senone it was aligned to. */
export interface AlignedFrame {
  frame: number;
  senone: number;
}

export interface FeatureTransform {
  scale: Float32Array;
  offset: Float32Array;
  /** Mean log-likelihood gain per aligned frame of the map (Jacobian included), nats. */
  gainPerFrame: number;
}

/**
 * Estimates the map by expectation-maximization: each aligned frame is assigned, per stream, to
 * its senone's most likely Gaussian under the current map (among the senone's heaviest); then each
 * dimension's scale and offset have a closed form (the positive root of a quadratic in the scale).
 */
export function estimateTransform(t: GaussianTables, observations: Float32Array, aligned: readonly AlignedFrame[], iterations: number): FeatureTransform {
  const dims = t.streams * t.dims;
  const scale = new Float32Array(dims).fill(1);
  const offset = new Float32Array(dims);
  const gaussianOf = new Int32Array(aligned.length * t.streams);
  const candidates = new Map<number, Int32Array>();
  for (const { senone } of aligned) if (!candidates.has(senone)) candidates.set(senone, heaviestDensities(t, senone));
  let firstLikelihood = 0;
  let lastLikelihood = 0;
  // One frame under the current map (the same doubles the sums below would compute in place).
  const mapped = new Float64Array(dims);
  for (let it = 0; it <= iterations; it++) {
    // E step: each frame's best Gaussian per stream, and the frames' likelihood under the map.
    let likelihood = 0;
    for (let i = 0; i < aligned.length; i++) {
      const { frame, senone } = aligned[i];
      for (let dim = 0; dim < dims; dim++) mapped[dim] = scale[dim] * observations[frame * dims + dim] + offset[dim];
      const cb = t.senoneCodebook[senone];
      const heaviest = candidates.get(senone)!;
      for (let f = 0; f < t.streams; f++) {
        let best = -Infinity;
        let bestD = 0;
        const base = (cb * t.streams + f) * t.densities;
        const w = (senone * t.streams + f) * t.densities;
        for (let c = 0; c < CANDIDATES; c++) {
          const d = heaviest[f * CANDIDATES + c];
          const g = base + d;
          let s = t.logWeight[w + d] + t.logNorm[g];
          // Every dimension only lowers the score: once below the best, this Gaussian cannot win.
          for (let k = 0; k < t.dims && s > best; k++) {
            const diff = mapped[f * t.dims + k] - t.mean[g * t.dims + k];
            s -= diff * diff * t.halfPrecision[g * t.dims + k];
          }
          if (s > best) {
            best = s;
            bestD = d;
          }
        }
        gaussianOf[i * t.streams + f] = base + bestD;
        likelihood += best;
      }
    }
    for (let dim = 0; dim < dims; dim++) likelihood += aligned.length * Math.log(scale[dim]);
    if (it === 0) firstLikelihood = likelihood;
    // Converged: the last iteration gained next to nothing per frame.
    const converged = it > 0 && (likelihood - lastLikelihood) / Math.max(1, aligned.length) < CONVERGED_GAIN_PER_FRAME;
    lastLikelihood = likelihood;
    if (it === iterations || converged) break;
    // M step, per dimension: maximize N·log a − Σ p (a x + b − μ)² / 2 with p = 1/σ².
    for (let dim = 0; dim < dims; dim++) {
      const f = Math.floor(dim / t.dims);
      const k = dim % t.dims;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let m0 = 0;
      let m1 = 0;
      for (let i = 0; i < aligned.length; i++) {
        const g = gaussianOf[i * t.streams + f];
        const p = 2 * t.halfPrecision[g * t.dims + k];
        const x = observations[aligned[i].frame * dims + dim];
        const mu = t.mean[g * t.dims + k];
        s0 += p;
        s1 += p * x;
        s2 += p * x * x;
        m0 += p * mu;
        m1 += p * x * mu;
      }
      if (s0 <= 0) continue;
      const a2 = s2 - (s1 * s1) / s0;
      const b1 = m1 - (m0 * s1) / s0;
      if (a2 <= 0) continue;
      const a = (b1 + Math.sqrt(b1 * b1 + 4 * a2 * aligned.length)) / (2 * a2);
      scale[dim] = a;
      offset[dim] = (m0 - a * s1) / s0;
    }
  }
  return { scale, offset, gainPerFrame: aligned.length ? (lastLikelihood - firstLikelihood) / aligned.length : 0 };
}

/** EM stops once an iteration gains less than this (nats per frame): the map no longer moves. */
const CONVERGED_GAIN_PER_FRAME = 0.01;

/** Gaussians a frame is assigned among, per stream: its senone's heaviest in mixture weight. */
const CANDIDATES = 64;

/**
 * A senone's CANDIDATES heaviest densities per stream ([stream][rank]). The lighter half of a
 * senone's mixture is rarely a frame's most likely Gaussian (measured: the map moves by a few
 * hundredths when they are left out), and skipping them halves the assignment's cost.
 */
function heaviestDensities(t: GaussianTables, senone: number): Int32Array {
  const out = new Int32Array(t.streams * CANDIDATES);
  for (let f = 0; f < t.streams; f++) {
    const w = (senone * t.streams + f) * t.densities;
    const order = Array.from({ length: t.densities }, (_, d) => d).sort((a, b) => t.logWeight[w + b] - t.logWeight[w + a]);
    out.set(order.slice(0, CANDIDATES), f * CANDIDATES);
  }
  return out;
}

/** The observation vectors under the map, into `out` (a new array unless given). */
export function applyTransform(observations: Float32Array, transform: FeatureTransform, out: Float32Array = new Float32Array(observations.length)): Float32Array {
  const dims = transform.scale.length;
  for (let i = 0; i < observations.length; i++) {
    const dim = i % dims;
    out[i] = transform.scale[dim] * observations[i] + transform.offset[dim];
  }
  return out;
}

/**
 * The map for a recording from a pass's verified frames, or null when they are too few to estimate
 * it. Beyond `adaptMaxSpeechSeconds`, every k-th frame is used: 78 parameters need far fewer, and
 * the estimate's cost grows with the frames.
 */
export function adaptationFor(t: GaussianTables, observations: Float32Array, aligned: readonly AlignedFrame[], tuning: AcousticTuning): FeatureTransform | null {
  if (aligned.length < tuning.adaptMinSpeechSeconds * FRAMES_PER_SECOND) return null;
  const stride = Math.max(1, Math.ceil(aligned.length / (tuning.adaptMaxSpeechSeconds * FRAMES_PER_SECOND)));
  const used = stride === 1 ? aligned : aligned.filter((_, i) => i % stride === 0);
  return estimateTransform(t, observations, used, tuning.adaptIterations);
}

/**
 * The adaptation rounds after a first pass (the engine's, and the tuning harness's, so both run
 * the same): up to `adaptRounds` maps, each estimated afresh from the original features with the
 * latest pass's alignment and followed by a pass under it (`pass`); the rounds end when a map
 * cannot be estimated, or moves the frames less than `adaptConvergedZ` from the last one's (such a
 * round would score every frame alike). Returns the last pass's result and how far each later map
 * moved from the one before.
 */
export async function adaptInRounds<R extends { alignedFrames: readonly AlignedFrame[] }>(
  t: GaussianTables,
  observations: Float32Array,
  first: R,
  tuning: AcousticTuning,
  pass: (transform: FeatureTransform, round: number, previous: R) => Promise<R>,
): Promise<{ result: R; moves: number[] }> {
  let result = first;
  const moves: number[] = [];
  let previous: FeatureTransform | null = null;
  for (let round = 1; round <= tuning.adaptRounds; round++) {
    const transform = adaptationFor(t, observations, result.alignedFrames, tuning);
    if (!transform) break;
    if (previous) {
      const moved = mapDistance(previous, transform, observations);
      moves.push(moved);
      if (moved < tuning.adaptConvergedZ) break;
    }
    previous = transform;
    result = await pass(transform, round, result);
  }
  return { result, moves };
}

/**
 * How far apart two maps put the recording's frames: per dimension, the root-mean-square
 * difference of the mapped values over (every `step`-th of) the frames, in standard deviations of
 * the first map's values; then the root mean square over dimensions. Two maps closer than a few
 * hundredths of a standard deviation score every frame alike.
 */
export function mapDistance(a: FeatureTransform, b: FeatureTransform, observations: Float32Array, step = 10): number {
  const dims = a.scale.length;
  const frames = Math.floor(observations.length / dims);
  let total = 0;
  for (let d = 0; d < dims; d++) {
    let n = 0;
    let sum = 0;
    let sumSq = 0;
    let diffSq = 0;
    for (let f = 0; f < frames; f += step) {
      const x = observations[f * dims + d];
      const ya = a.scale[d] * x + a.offset[d];
      const yb = b.scale[d] * x + b.offset[d];
      n++;
      sum += ya;
      sumSq += ya * ya;
      diffSq += (ya - yb) ** 2;
    }
    if (!n) continue;
    const variance = Math.max(1e-12, sumSq / n - (sum / n) ** 2);
    total += diffSq / n / variance;
  }
  return Math.sqrt(total / dims);
}
