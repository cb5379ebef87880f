/**
 * The loudness overview the review page draws: the recording's level every 20 ms, computed
 * from the decoded 16 kHz samples at generate/review time and embedded in the page (the page
 * never decodes the media itself, which a file:// page could not fetch anyway).
 */

/** Width of one envelope bin, seconds: fine enough to see word gaps in the zoomed waveform. */
export const ENVELOPE_BIN_SECONDS = 0.02;
/** Levels this far below full scale and quieter draw as silence. */
export const ENVELOPE_FLOOR_DB = -60;

export interface LoudnessEnvelope {
  binSeconds: number;
  floorDb: number;
  /** One byte per bin: 0 at or below `floorDb`, 255 at full scale, linear in dB between. */
  levels: Uint8Array;
}

/** RMS level per bin on a dB scale (speech and pauses stay visible side by side, unlike linear peaks). */
export function loudnessEnvelope(
  samples: Int16Array,
  sampleRate: number,
  binSeconds = ENVELOPE_BIN_SECONDS,
  floorDb = ENVELOPE_FLOOR_DB,
): LoudnessEnvelope {
  const binSamples = Math.max(1, Math.round(sampleRate * binSeconds));
  const bins = Math.ceil(samples.length / binSamples);
  const levels = new Uint8Array(bins);
  const fullScale = 32768;
  for (let b = 0; b < bins; b++) {
    const from = b * binSamples;
    const to = Math.min(samples.length, from + binSamples);
    let sum = 0;
    for (let i = from; i < to; i++) sum += samples[i] * samples[i];
    const rms = Math.sqrt(sum / Math.max(1, to - from)) / fullScale;
    const db = rms > 0 ? 20 * Math.log10(rms) : -Infinity;
    levels[b] = Math.round(255 * Math.min(1, Math.max(0, (db - floorDb) / -floorDb)));
  }
  return { binSeconds: binSamples / sampleRate, floorDb, levels };
}
