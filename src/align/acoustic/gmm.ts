import type { Codebooks, MixtureWeights, ModelDefinition } from './modelFiles.js';

/**
 * Phonetically tied mixtures: each CI phone owns a codebook of Gaussians per feature stream, and
 * each senone (a tied HMM state) is a mixture over its phone's codebook. A frame is scored by
 * finding each codebook's best few Gaussians per stream, then summing (over streams) the log of
 * each senone's weighted mixture of those few.
 */
export interface GaussianTables {
  codebooks: number;
  streams: number;
  densities: number;
  /** Every stream has this many dimensions (13 for c, Δc, ΔΔc). */
  dims: number;
  /** [codebook][stream][density][dim] means. */
  mean: Float32Array;
  /** Matching 1 / (2σ²). */
  halfPrecision: Float32Array;
  /** [codebook][stream][density]: log of the Gaussian's normalizing constant. */
  logNorm: Float32Array;
  /** [senone][stream][density]: log mixture weight. */
  logWeight: Float32Array;
  /** The codebook (base CI phone) of each senone. */
  senoneCodebook: Int32Array;
  senones: number;
}

const VARIANCE_FLOOR = 1e-4;

export function buildGaussianTables(mdef: ModelDefinition, means: Codebooks, variances: Codebooks, weights: MixtureWeights): GaussianTables {
  const dims = means.streamDims[0];
  if (means.streamDims.some((d) => d !== dims)) throw new Error('streams of different widths are not supported');
  const { codebooks, streams, densities } = means;
  const halfPrecision = new Float32Array(variances.values.length);
  const logNorm = new Float32Array(codebooks * streams * densities);
  for (let g = 0; g < codebooks * streams * densities; g++) {
    let sum = 0;
    for (let d = 0; d < dims; d++) {
      const v = Math.max(variances.values[g * dims + d], VARIANCE_FLOOR);
      halfPrecision[g * dims + d] = 1 / (2 * v);
      sum += Math.log(2 * Math.PI * v);
    }
    logNorm[g] = -0.5 * sum;
  }
  const senones = mdef.senones;
  const logWeight = new Float32Array(senones * streams * densities);
  for (let f = 0; f < streams; f++)
    for (let d = 0; d < densities; d++)
      for (let s = 0; s < senones; s++) logWeight[(s * streams + f) * densities + d] = -weights.negLog[(f * densities + d) * senones + s];
  const senoneCodebook = new Int32Array(senones).fill(-1);
  for (let p = 0; p < mdef.phoneBase.length; p++) {
    for (let k = 0; k < mdef.emittingStates; k++) senoneCodebook[mdef.sequences[mdef.phoneSequence[p] * mdef.emittingStates + k]] = mdef.phoneBase[p];
  }
  return { codebooks, streams, densities, dims, mean: means.values, halfPrecision, logNorm, logWeight, senoneCodebook, senones };
}

export const TOP_GAUSSIANS = 4;

/**
 * The best TOP_GAUSSIANS Gaussians of every codebook and stream for one 39-dim frame:
 * `index` and `score` are [codebook][stream][rank].
 */
export function topGaussians(t: GaussianTables, frame: Float32Array, offset: number, index: Int32Array, score: Float32Array): void {
  const { codebooks, streams, densities, dims } = t;
  for (let cb = 0; cb < codebooks; cb++) {
    for (let f = 0; f < streams; f++) {
      const slot = (cb * streams + f) * TOP_GAUSSIANS;
      for (let r = 0; r < TOP_GAUSSIANS; r++) {
        score[slot + r] = -Infinity;
        index[slot + r] = 0;
      }
      const base = (cb * streams + f) * densities;
      for (let d = 0; d < densities; d++) {
        const g = base + d;
        let s = t.logNorm[g];
        const m = g * dims;
        for (let k = 0; k < dims; k++) {
          const diff = frame[offset + f * dims + k] - t.mean[m + k];
          s -= diff * diff * t.halfPrecision[m + k];
        }
        if (s <= score[slot + TOP_GAUSSIANS - 1]) continue;
        let r = TOP_GAUSSIANS - 1;
        while (r > 0 && score[slot + r - 1] < s) {
          score[slot + r] = score[slot + r - 1];
          index[slot + r] = index[slot + r - 1];
          r--;
        }
        score[slot + r] = s;
        index[slot + r] = d;
      }
    }
  }
}

/** Log-likelihood of `senone` from a frame's top Gaussians. */
export function senoneScore(t: GaussianTables, senone: number, index: Int32Array, score: Float32Array): number {
  const cb = t.senoneCodebook[senone];
  let total = 0;
  for (let f = 0; f < t.streams; f++) {
    const slot = (cb * t.streams + f) * TOP_GAUSSIANS;
    const w = (senone * t.streams + f) * t.densities;
    let best = -Infinity;
    const terms = new Array<number>(TOP_GAUSSIANS);
    for (let r = 0; r < TOP_GAUSSIANS; r++) {
      terms[r] = t.logWeight[w + index[slot + r]] + score[slot + r];
      if (terms[r] > best) best = terms[r];
    }
    let sum = 0;
    for (let r = 0; r < TOP_GAUSSIANS; r++) sum += Math.exp(terms[r] - best);
    total += best + Math.log(sum);
  }
  return total;
}
