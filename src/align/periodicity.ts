/**
 * Voicing per 10 ms frame: how periodic the sound is at speaking pitch (80–400 Hz). Energy alone
 * cannot tell applause or crowd noise from a talker; voiced speech is periodic in every few
 * syllables, noise never is. Computed on a 4 kHz copy of the signal, every fourth frame (the mask
 * judges voicing over ±300 ms windows, so 40 ms steps are plenty), about 2 s per hour of audio.
 */

/** Frames between analysed frames; the ones between copy the last analysed value. */
const STEP = 4;

/** Decimation factor from 16 kHz: 4 kHz keeps pitch harmonics up to 2 kHz. */
const TARGET_RATE = 4000;
/** Analysis window in seconds (two periods of an 80 Hz voice). */
const WINDOW_SECONDS = 0.04;
const MIN_PITCH_HZ = 80;
const MAX_PITCH_HZ = 400;

/**
 * Peak normalized autocorrelation in the pitch-lag range for each frame (0..1; voiced speech is
 * typically above 0.6, noise below 0.4). Frames are `hop` seconds apart, aligned with the MFCC
 * frames; only every STEP-th frame is analysed, the others copy it.
 */
export function framePeriodicity(samples: Int16Array | Float32Array, sampleRate: number, frames: number, hop = 0.01): Float32Array {
  const factor = Math.max(1, Math.round(sampleRate / TARGET_RATE));
  const rate = sampleRate / factor;
  const decimated = new Float32Array(Math.floor(samples.length / factor));
  for (let i = 0, s = 0; i < decimated.length; i++) {
    let sum = 0;
    for (let k = 0; k < factor; k++, s++) sum += samples[s];
    decimated[i] = sum / factor;
  }
  const window = Math.round(WINDOW_SECONDS * rate);
  const minLag = Math.floor(rate / MAX_PITCH_HZ);
  const maxLag = Math.ceil(rate / MIN_PITCH_HZ);
  const out = new Float32Array(frames);
  const frame = new Float64Array(window);
  for (let f = 0; f < frames; f += STEP) {
    const start = Math.round((f * hop * sampleRate) / factor);
    if (start + window > decimated.length) break;
    let mean = 0;
    for (let i = 0; i < window; i++) mean += decimated[start + i];
    mean /= window;
    for (let i = 0; i < window; i++) frame[i] = decimated[start + i] - mean;
    // Running energies of the two overlapping parts, so each lag's normalization is O(1).
    let headEnergy = 0;
    for (let i = 0; i < window - minLag; i++) headEnergy += frame[i] * frame[i];
    let tailEnergy = 0;
    for (let i = minLag; i < window; i++) tailEnergy += frame[i] * frame[i];
    let best = 0;
    for (let lag = minLag; lag <= maxLag && lag < window - 8; lag++) {
      let dot = 0;
      const n = window - lag;
      for (let i = 0; i < n; i++) dot += frame[i] * frame[i + lag];
      const norm = Math.sqrt(headEnergy * tailEnergy);
      if (norm > 0 && dot / norm > best) best = dot / norm;
      // Next lag: head loses its last sample, tail loses its first.
      headEnergy -= frame[n - 1] * frame[n - 1];
      tailEnergy -= frame[lag] * frame[lag];
    }
    out.fill(best, f, Math.min(frames, f + STEP));
  }
  return out;
}
