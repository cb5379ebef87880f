/**
 * From PCM to per-frame senone scores: the model's front end, then every CI senone's
 * log-likelihood, held (normalized by each frame's best) in the kernels' memory for the searches.
 */
import type { AcousticModel } from './model.js';
import { computeCepstra } from './frontend.js';
import { observationVectors } from './features.js';
import { AcousticKernels, type FrameScores } from './kernels.js';

export function scoreRecording(model: AcousticModel, samples: Int16Array, meanWindowFrames: number | null): FrameScores {
  const { frames, cepstra } = computeCepstra(samples, model.frontEnd);
  const observations = observationVectors(cepstra, frames, meanWindowFrames);
  const kernels = new AcousticKernels(model.gaussians, Int32Array.from({ length: model.ciSenones }, (_, i) => i));
  const raw = new Float32Array(frames * model.ciSenones);
  kernels.scoreRaw(observations, 0, frames, raw);
  return kernels.holdScores(raw, frames);
}
