/**
 * From PCM to per-frame senone scores: the model's front end, then every CI senone's
 * log-likelihood and the frame's background (the best of them).
 */
import type { AcousticModel } from './model.js';
import { computeCepstra } from './frontend.js';
import { observationVectors } from './features.js';
import { SenoneScorer } from './scorer.js';
import type { FrameScores } from './viterbi.js';

export function scoreRecording(model: AcousticModel, samples: Int16Array, meanWindowFrames: number | null): FrameScores {
  const { frames, cepstra } = computeCepstra(samples, model.frontEnd);
  const observations = observationVectors(cepstra, frames, meanWindowFrames);
  const senones = model.ciSenones;
  const scorer = new SenoneScorer(model.gaussians, Int32Array.from({ length: senones }, (_, i) => i));
  const senone = new Float32Array(frames * senones);
  scorer.score(observations, 0, frames, senone);
  const background = new Float32Array(frames);
  for (let t = 0; t < frames; t++) {
    let best = -Infinity;
    const row = t * senones;
    for (let s = 0; s < senones; s++) if (senone[row + s] > best) best = senone[row + s];
    background[t] = best;
  }
  return { frames, senone, senones, background };
}
