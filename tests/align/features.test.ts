import { describe, expect, it } from 'vitest';
import { computeMfcc, normalizeFeatures, poolFeatures, type Features } from '../../src/align/features.js';
import { gaussian, mulberry32 } from './synthetic.js';

function tone(hz: number, seconds: number, sampleRate: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * hz * i) / sampleRate);
  return out;
}

function meanFrame(f: Features): Float64Array {
  const mean = new Float64Array(f.dims);
  for (let i = 0; i < f.frames; i++) for (let d = 0; d < f.dims; d++) mean[d] += f.data[i * f.dims + d] / f.frames;
  return mean;
}

function distance(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let d = 0; d < a.length; d++) sum += (a[d] - b[d]) ** 2;
  return Math.sqrt(sum);
}

describe('computeMfcc', () => {
  it('puts one frame every 10 ms: (length − 25 ms window) / hop + 1 frames, at 16 kHz and 22.05 kHz alike', () => {
    // 1 s at 16 kHz: (16000 − 400) / 160 + 1 = 98.5 → 98 frames.
    const at16k = computeMfcc(new Float32Array(16000), 16000);
    expect(at16k.frames).toBe(98);
    expect(at16k.dims).toBe(12);
    expect(at16k.hop).toBe(0.01);
    expect(at16k.data.length).toBe(98 * 12);
    expect(at16k.energyDb.length).toBe(98);
    // The fractional 220.5-sample hop keeps the reference rate on the same grid.
    expect(computeMfcc(new Float32Array(22050), 22050).frames).toBe(98);
    // 2.5 s at 16 kHz: (40000 − 400) / 160 + 1 = 248.5 → 248.
    expect(computeMfcc(new Float32Array(40000), 16000).frames).toBe(248);
  });

  it('gives no frames for a signal shorter than one window, and honours the coefficient count', () => {
    expect(computeMfcc(new Float32Array(399), 16000).frames).toBe(0);
    expect(computeMfcc(new Float32Array(400), 16000).frames).toBe(1);
    const thirteen = computeMfcc(new Float32Array(4000), 16000, { coefficients: 13 });
    expect(thirteen.dims).toBe(13);
    expect(thirteen.data.length).toBe(thirteen.frames * 13);
  });

  it('reports a tone far louder than digital silence, and Int16 and float input on the same scale', () => {
    const sr = 16000;
    const loud = computeMfcc(tone(440, 0.5, sr, 0.5), sr);
    const silent = computeMfcc(new Float32Array(0.5 * sr), sr);
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    // A 0.5-amplitude sine has mean power 0.125 → about −9 dB; silence sits on the dither floor.
    expect(mean(loud.energyDb)).toBeGreaterThan(-11);
    expect(mean(loud.energyDb)).toBeLessThan(-7);
    expect(mean(silent.energyDb)).toBeLessThan(-55);
    const int16 = Int16Array.from(tone(440, 0.5, sr, 0.5), (x) => Math.round(x * 32768));
    const fromInt = computeMfcc(int16, sr);
    expect(Math.abs(mean(fromInt.energyDb) - mean(loud.energyDb))).toBeLessThan(0.1);
  });

  it('produces only finite values, digital silence included (the dither avoids log 0)', () => {
    const sr = 16000;
    const rand = mulberry32(1);
    const signal = new Float32Array(sr);
    // Silence, then noise, then a tone, then silence again.
    for (let i = 4000; i < 8000; i++) signal[i] = 0.2 * gaussian(rand);
    for (let i = 8000; i < 12000; i++) signal[i] = 0.5 * Math.sin((2 * Math.PI * 300 * i) / sr);
    const f = computeMfcc(signal, sr);
    expect(f.data.every(Number.isFinite)).toBe(true);
    expect(f.energyDb.every(Number.isFinite)).toBe(true);
  });

  it('describes the same tone alike at 16 kHz and 22.05 kHz, and a different tone differently', () => {
    // The filterbank is defined in Hz and capped below 8 kHz so the two rates are comparable.
    const a16 = meanFrame(computeMfcc(tone(500, 0.5, 16000), 16000));
    const a22 = meanFrame(computeMfcc(tone(500, 0.5, 22050), 22050));
    const b16 = meanFrame(computeMfcc(tone(2500, 0.5, 16000), 16000));
    expect(distance(a16, a22)).toBeLessThan(0.1 * distance(a16, b16));
  });
});

describe('poolFeatures', () => {
  const source: Features = {
    frames: 10,
    dims: 2,
    // Frame f holds [f, 10 f].
    data: Float32Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? i / 2 : 10 * ((i - 1) / 2))),
    energyDb: Float32Array.from([-50, -20, -40, -45, -60, -60, -10, -60, -30, -5]),
    hop: 0.01,
  };

  it('keeps floor(frames / factor) frames (a partial last group is dropped) on a coarser hop', () => {
    const pooled = poolFeatures(source, 4);
    expect(pooled.frames).toBe(2);
    expect(pooled.dims).toBe(2);
    expect(pooled.hop).toBeCloseTo(0.04, 12);
    expect(poolFeatures(source, 3).frames).toBe(3);
    expect(poolFeatures(source, 11).frames).toBe(0);
  });

  it('averages the coefficients and keeps the loudest frame energy of each group', () => {
    const pooled = poolFeatures(source, 4);
    // Frames 0..3 average to 1.5 (and 15), frames 4..7 to 5.5 (and 55).
    expect(Array.from(pooled.data)).toEqual([1.5, 15, 5.5, 55]);
    // Max, not mean: one loud frame makes a coarse frame count as sound.
    expect(Array.from(pooled.energyDb)).toEqual([-20, -10]);
  });

  it('leaves the source untouched', () => {
    const before = Float32Array.from(source.data);
    poolFeatures(source, 2);
    expect(source.data).toEqual(before);
  });
});

describe('normalizeFeatures', () => {
  it('gives every coefficient mean 0 and unit variance over the file, in place', () => {
    const rand = mulberry32(7);
    const frames = 500;
    const dims = 4;
    const data = new Float32Array(frames * dims);
    // Each coefficient with its own offset and spread (channel tilt, speaker).
    const offsets = [5, -3, 100, 0.1];
    const spreads = [1, 7, 0.2, 30];
    for (let f = 0; f < frames; f++) for (let d = 0; d < dims; d++) data[f * dims + d] = offsets[d] + spreads[d] * gaussian(rand);
    const features: Features = { frames, dims, data, energyDb: new Float32Array(frames), hop: 0.01 };
    const returned = normalizeFeatures(features);
    expect(returned).toBe(features);
    for (let d = 0; d < dims; d++) {
      let sum = 0;
      let sumSq = 0;
      for (let f = 0; f < frames; f++) {
        sum += data[f * dims + d];
        sumSq += data[f * dims + d] ** 2;
      }
      expect(Math.abs(sum / frames)).toBeLessThan(1e-4);
      expect(sumSq / frames).toBeCloseTo(1, 3);
    }
  });

  it('maps a constant coefficient to 0 instead of dividing by zero', () => {
    const features: Features = { frames: 3, dims: 1, data: Float32Array.from([2, 2, 2]), energyDb: new Float32Array(3), hop: 0.01 };
    normalizeFeatures(features);
    expect(Array.from(features.data)).toEqual([0, 0, 0]);
  });

  it('accepts an empty matrix', () => {
    const empty: Features = { frames: 0, dims: 12, data: new Float32Array(0), energyDb: new Float32Array(0), hop: 0.01 };
    expect(normalizeFeatures(empty).frames).toBe(0);
  });
});
