import { describe, expect, it } from 'vitest';
import { computeCepstra, frontEndParams, type FrontEndParams } from '../../../src/align/acoustic/frontend.js';
import { noise } from './helpers.js';

/** The en-us model's own feat_params.json values. */
const params = frontEndParams({ lowerf: 130, upperf: 3700, nfilt: 20, lifter: 22, transform: 'dct' });
const plain: FrontEndParams = { ...params, removeNoise: false };

function tone(hz: number, amplitude: number, seconds: number): Int16Array {
  return Int16Array.from({ length: Math.round(seconds * 16000) }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / 16000)));
}

/** Mean of cepstrum `i` over frames [from, to). */
function mean(c: { cepstra: Float32Array }, i: number, from: number, to: number): number {
  let sum = 0;
  for (let f = from; f < to; f++) sum += c.cepstra[f * 13 + i];
  return sum / (to - from);
}

describe('frontEndParams', () => {
  it('reads the model’s feat_params and fills the Sphinx 16 kHz defaults', () => {
    expect(params).toEqual({ sampleRate: 16000, lowerHz: 130, upperHz: 3700, filters: 20, lifter: 22, cepstra: 13, removeNoise: true });
    expect(frontEndParams({})).toMatchObject({ lowerHz: 133.33, upperHz: 6855.5, filters: 40, lifter: 0, removeNoise: true });
    expect(frontEndParams({ remove_noise: false }).removeNoise).toBe(false);
    expect(() => frontEndParams({ transform: 'legacy' })).toThrow(/unsupported cepstral transform legacy/);
  });
});

describe('computeCepstra', () => {
  it('makes 1 + ⌊(N − 410) / 160⌋ frames of 13 (25.6 ms windows every 10 ms), none for less than a window', () => {
    for (const [n, frames] of [[0, 0], [409, 0], [410, 1], [569, 1], [570, 2], [16000, 98], [16410, 101]]) {
      const out = computeCepstra(new Int16Array(n), params);
      expect(out.frames, `${n} samples`).toBe(frames);
      expect(out.cepstra).toHaveLength(frames * 13);
    }
  });

  it('orders c0 by energy: silence < a 1 kHz tone < white noise of the same power', () => {
    const silence = computeCepstra(new Int16Array(16000), plain);
    const sine = computeCepstra(tone(1000, 3000, 1), plain);
    const white = computeCepstra(noise(1, 3000 / Math.SQRT2), plain);
    const [c0Silence, c0Tone, c0Noise] = [silence, sine, white].map((c) => mean(c, 0, 10, 90));
    expect(c0Silence).toBeLessThan(c0Tone - 20);
    // Noise fills every band; a tone only the few around it.
    expect(c0Tone).toBeLessThan(c0Noise - 10);
    // Digital silence is the log floor in every band, so its higher cepstra vanish.
    for (let i = 1; i < 13; i++) expect(Math.abs(mean(silence, i, 0, 98))).toBeLessThan(1e-3);
  });

  it('follows spectral tilt in c1: a low tone above a mid tone above a high one', () => {
    const c1 = [500, 1000, 3000].map((hz) => mean(computeCepstra(tone(hz, 3000, 1), plain), 1, 10, 90));
    expect(c1[0]).toBeGreaterThan(c1[1] + 10);
    expect(c1[1]).toBeGreaterThan(c1[2] + 10);
  });

  it('puts a level change in c0 alone: 6 dB more adds √filters · ln 4 to c0 and leaves c1…c12', () => {
    const quiet = computeCepstra(noise(0.5, 1000, 7), plain);
    const loud = computeCepstra(Int16Array.from(noise(0.5, 1000, 7), (x) => 2 * x), plain);
    for (let f = 0; f < quiet.frames; f++) {
      expect(loud.cepstra[f * 13] - quiet.cepstra[f * 13]).toBeCloseTo(Math.sqrt(20) * Math.log(4), 2);
      for (let i = 1; i < 13; i++) expect(loud.cepstra[f * 13 + i]).toBeCloseTo(quiet.cepstra[f * 13 + i], 2);
    }
  });

  it('with noise removal, lowers a steady noise over time while plain MFCCs stay level', () => {
    const signal = noise(1, 2000, 3);
    const suppressed = computeCepstra(signal, params);
    const unsuppressed = computeCepstra(signal, plain);
    const drop = (c: { cepstra: Float32Array }) => mean(c, 0, 2, 10) - mean(c, 0, 80, 95);
    expect(Math.abs(drop(unsuppressed))).toBeLessThan(0.6);
    expect(drop(suppressed) - drop(unsuppressed)).toBeGreaterThan(1);
    // It never adds energy.
    for (let f = 0; f < suppressed.frames; f++) expect(suppressed.cepstra[f * 13]).toBeLessThanOrEqual(unsuppressed.cepstra[f * 13] + 1e-3);
  });

  it('keeps a speech onset after silence: the first loud frame stands well above the silence', () => {
    const signal = new Int16Array(32000);
    signal.set(noise(1, 3000, 5), 16000);
    const c = computeCepstra(signal, params);
    expect(mean(c, 0, 102, 110)).toBeGreaterThan(mean(c, 0, 10, 90) + 50);
  });
});
