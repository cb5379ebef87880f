import { beforeAll, describe, expect, it } from 'vitest';
import { loadAcousticModel, type AcousticModel } from '../../../src/align/acoustic/model.js';
import { recordingObservations, scoreObservations } from '../../../src/align/acoustic/frames.js';
import { alignScored, type AcousticAlignmentResult } from '../../../src/align/acoustic/align.js';
import { adaptationFor, applyTransform, estimateTransform, type FeatureTransform } from '../../../src/align/acoustic/adapt.js';
import { ACOUSTIC_TUNING as T } from '../../../src/align/acoustic/tuning.js';
import { loadClip, median, speechLikeOf, tunedWith, type Clip } from './helpers.js';

const DIMS = 39;
let model: AcousticModel;
let clip: Clip;
let frames: number;
let observations: Float32Array;
let clean: AcousticAlignmentResult;

/** A room-like distortion of the features: the cepstra shrunk (as reverberation smears them) and shifted. */
const distortion: FeatureTransform = {
  scale: Float32Array.from({ length: DIMS }, (_, d) => (d < 13 ? 0.6 : d < 26 ? 0.5 : 0.45)),
  offset: Float32Array.from({ length: DIMS }, (_, d) => (d < 13 ? 0.4 * Math.sin(d) : 0)),
  gainPerFrame: 0,
};

async function align(obs: Float32Array): Promise<AcousticAlignmentResult> {
  return alignScored(model, await scoreObservations(model, obs, frames, { threads: 1 }), speechLikeOf(model, clip.samples), clip.transcript, T);
}

/** Word-start errors (s) of the placed spoken words, and how many spoken words were left unplaced. */
function errors(result: AcousticAlignmentResult): { errors: number[]; unplaced: number } {
  const out: number[] = [];
  let unplaced = 0;
  for (const token of clip.truth.transcriptTokens) {
    if (!token.spoken || token.start === null) continue;
    const start = result.words[token.index].start;
    if (start === null) unplaced++;
    else out.push(Math.abs(start - token.start));
  }
  return { errors: out, unplaced };
}

beforeAll(async () => {
  model = await loadAcousticModel('en');
  clip = await loadClip('audio', 'slt-ked-turns', 'ogg');
  ({ frames, observations } = recordingObservations(model, clip.samples));
  clean = await align(observations);
});

describe('estimateTransform', () => {
  it('undoes a known affine distortion of the features, dimension by dimension', () => {
    expect(clean.alignedFrames.length).toBeGreaterThan(500);
    const own = estimateTransform(model.gaussians, observations, clean.alignedFrames, T.adaptIterations);
    const distorted = estimateTransform(model.gaussians, applyTransform(observations, distortion), clean.alignedFrames, T.adaptIterations);
    // The map found on distorted features, composed with the distortion, is the map found on the
    // clean ones: what the model prefers for this voice does not depend on how the room bent it.
    // Hard assignments and the convergence stop make the two estimates differ a little, not much.
    const deviations: number[] = [];
    for (let d = 0; d < DIMS; d++) {
      deviations.push(Math.abs(distorted.scale[d] * distortion.scale[d] - own.scale[d]) / Math.max(1, Math.abs(own.scale[d])));
      deviations.push(Math.abs(distorted.scale[d] * distortion.offset[d] + distorted.offset[d] - own.offset[d]) / Math.max(1, Math.abs(own.offset[d])));
    }
    expect(deviations.reduce((a, b) => a + b, 0) / deviations.length).toBeLessThan(0.05);
    expect(Math.max(...deviations)).toBeLessThan(0.25);
    // The distorted frames gain far more from their map than the clean ones from theirs.
    expect(own.gainPerFrame).toBeGreaterThanOrEqual(0);
    expect(distorted.gainPerFrame).toBeGreaterThan(own.gainPerFrame + 1);
  });

  it('leaves features alone when given no iterations', () => {
    const none = estimateTransform(model.gaussians, observations, clean.alignedFrames, 0);
    expect(Array.from(none.scale)).toEqual(Array(DIMS).fill(1));
    expect(Array.from(none.offset)).toEqual(Array(DIMS).fill(0));
    expect(none.gainPerFrame).toBe(0);
  });
});

describe('applyTransform', () => {
  it('maps each dimension of each frame by its own scale and offset', () => {
    const obs = Float32Array.from({ length: 2 * DIMS }, (_, i) => i);
    const t: FeatureTransform = { scale: Float32Array.from({ length: DIMS }, (_, d) => d + 1), offset: new Float32Array(DIMS).fill(-1), gainPerFrame: 0 };
    const out = applyTransform(obs, t);
    for (let i = 0; i < obs.length; i++) expect(out[i]).toBe((i % DIMS) + 1 === 0 ? 0 : obs[i] * ((i % DIMS) + 1) - 1);
    expect(obs[5]).toBe(5);
  });
});

describe('adaptationFor', () => {
  it('needs enough verified speech, and uses at most the configured amount', () => {
    const few = clean.alignedFrames.slice(0, T.adaptMinSpeechSeconds * 100 - 1);
    expect(adaptationFor(model.gaussians, observations, few, T)).toBeNull();
    expect(adaptationFor(model.gaussians, observations, clean.alignedFrames, T)).not.toBeNull();
    // Capped to a tenth of the frames: a different estimate from a subset, still near the full one.
    const capped = tunedWith({ adaptMaxSpeechSeconds: clean.alignedFrames.length / 1000, adaptMinSpeechSeconds: 0 });
    const full = adaptationFor(model.gaussians, observations, clean.alignedFrames, T)!;
    const sub = adaptationFor(model.gaussians, observations, clean.alignedFrames, capped)!;
    expect(Array.from(sub.scale)).not.toEqual(Array.from(full.scale));
    for (let d = 0; d < DIMS; d++) expect(Math.abs(sub.scale[d] - full.scale[d])).toBeLessThan(0.25);
  });
});

describe('adaptation in the alignment', () => {
  it('recovers the word times that a distorted room costs, from the distorted pass’s own alignment', async () => {
    const distortedObs = applyTransform(observations, distortion);
    const before = await align(distortedObs);
    const transform = adaptationFor(model.gaussians, distortedObs, before.alignedFrames, T);
    expect(transform).not.toBeNull();
    const after = await align(applyTransform(distortedObs, transform!));
    const base = errors(clean);
    const hurt = errors(before);
    const healed = errors(after);
    const mean = (e: { errors: number[] }) => e.errors.reduce((x, y) => x + y, 0) / e.errors.length;
    const spoken = base.errors.length + base.unplaced;
    // The distortion costs accuracy; one round of adaptation wins it back, on the distorted pass's
    // own alignment (a short block may fall either side of verification in any pass).
    expect(mean(hurt)).toBeGreaterThan(mean(base) + 0.004);
    expect(mean(healed)).toBeLessThanOrEqual(mean(base) + 0.002);
    expect(median(healed.errors)).toBeLessThanOrEqual(median(base.errors) + 0.002);
    expect(healed.errors.length).toBeGreaterThanOrEqual(0.9 * spoken);
  });
});
