/**
 * Synthetic feature matrices for the alignment unit tests: no audio, no eSpeak. Frames are shaped
 * like the output of prepareForMatching in src/align/align.ts (CMVN, then scaled by 1/√dims), so
 * 1 − dot product is ~0 for a frame against itself and ~1 ± 0.3 for unrelated frames.
 */
import type { Features } from '../../src/align/features.js';
import type { SpeechMask } from '../../src/align/speech.js';
import { mulberry32 } from '../../src/util/random.js';

/** Tiny seeded PRNG (mulberry32): the tests are deterministic run to run. */
export { mulberry32 };

/** Standard normal deviate (Box–Muller). */
export function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

export const DIMS = 12;

/** One random frame with unit norm (the scale matching frames have after prepareForMatching). */
export function randomFrame(rand: () => number, dims = DIMS, norm = 1): Float32Array {
  const v = new Float32Array(dims);
  let sum = 0;
  for (let d = 0; d < dims; d++) {
    v[d] = gaussian(rand);
    sum += v[d] * v[d];
  }
  const scale = norm / Math.sqrt(sum);
  for (let d = 0; d < dims; d++) v[d] *= scale;
  return v;
}

/**
 * A speech-like sequence: each frame leans on the previous one (AR(1)), so neighbours are similar
 * as in real speech, yet every frame is distinct enough for a warp to be pinned to a frame or two.
 */
export function speechLike(rand: () => number, frames: number, dims = DIMS, memory = 0.5): Float32Array[] {
  const out: Float32Array[] = [];
  let prev = randomFrame(rand, dims);
  for (let f = 0; f < frames; f++) {
    const fresh = randomFrame(rand, dims);
    const v = new Float32Array(dims);
    for (let d = 0; d < dims; d++) v[d] = memory * prev[d] + (1 - memory) * fresh[d];
    let sum = 0;
    for (let d = 0; d < dims; d++) sum += v[d] * v[d];
    const scale = 1 / Math.sqrt(sum);
    for (let d = 0; d < dims; d++) v[d] *= scale;
    out.push(v);
    prev = v;
  }
  return out;
}

/** A copy of a frame with a little Gaussian noise (a different take of the same sound). */
export function jitter(rand: () => number, frame: Float32Array, amount: number): Float32Array {
  return frame.map((x) => x + amount * gaussian(rand) / Math.sqrt(frame.length));
}

/** Frames → Features (energyDb is a flat 0 dB: these helpers are for the DTW, not for silence). */
export function toFeatures(frames: readonly Float32Array[], hop = 0.01, energyDb?: Float32Array): Features {
  const dims = frames[0]?.length ?? DIMS;
  const data = new Float32Array(frames.length * dims);
  frames.forEach((f, i) => data.set(f, i * dims));
  return { frames: frames.length, dims, data, energyDb: energyDb ?? new Float32Array(frames.length), hop };
}

/** `source` uniformly time-stretched to `outFrames` frames (each output frame repeats its nearest source frame). */
export function stretch(source: readonly Float32Array[], outFrames: number): Float32Array[] {
  const out: Float32Array[] = [];
  for (let i = 0; i < outFrames; i++) out.push(source[Math.min(source.length - 1, Math.floor((i * source.length) / outFrames))]);
  return out;
}

/** A 10 ms speech mask `seconds` long with speech in the given [start, end) second spans. */
export function maskWithSpeech(seconds: number, spans: Array<[number, number]>): SpeechMask {
  const speech = new Uint8Array(Math.round(seconds * 100));
  for (const [a, b] of spans) speech.fill(1, Math.round(a * 100), Math.round(b * 100));
  return { speech, noise: new Uint8Array(speech.length), thresholdDb: -50, hop: 0.01 };
}
