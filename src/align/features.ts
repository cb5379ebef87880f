import { RealFft } from './fft.js';

/**
 * Spectral features for alignment: MFCCs on a fixed 10 ms grid, computed the same way for the
 * recording (16 kHz) and the synthetic reference (22.05 kHz). The mel filterbank is defined in Hz
 * and capped below 8 kHz, so both sample rates give comparable coefficients without resampling.
 */
export interface Features {
  /** Frame count. */
  frames: number;
  /** Coefficients per frame. */
  dims: number;
  /** Row-major `frames × dims`. */
  data: Float32Array;
  /** Frame log-energy in dB (before normalization), for silence decisions. */
  energyDb: Float32Array;
  /** Seconds between frame starts. */
  hop: number;
}

export interface FeatureOptions {
  hop: number;
  window: number;
  melBands: number;
  /** Cepstral coefficients kept, c1..cN (c0 is dropped: loudness is not what we match on). */
  coefficients: number;
  minHz: number;
  maxHz: number;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  hop: 0.01,
  window: 0.025,
  melBands: 40,
  coefficients: 12,
  minHz: 80,
  maxHz: 7600,
};

const DITHER = (() => {
  // Deterministic pseudo-random noise so features are reproducible run to run.
  const table = new Float64Array(4096);
  let state = 12345;
  for (let i = 0; i < table.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    table[i] = ((state / 2 ** 32) - 0.5) * 2 * (1 / 32768) * 30;
  }
  return table;
})();

/** MFCCs of mono PCM (Int16 or float in [-1, 1]). */
export function computeMfcc(
  samples: Int16Array | Float32Array,
  sampleRate: number,
  options: Partial<FeatureOptions> = {},
): Features {
  const opts = { ...DEFAULT_FEATURE_OPTIONS, ...options };
  // Fractional hop (220.5 samples at 22.05 kHz) keeps both signals on exactly the same time grid.
  const hopSamples = opts.hop * sampleRate;
  const windowSamples = Math.round(opts.window * sampleRate);
  let fftSize = 1;
  while (fftSize < windowSamples) fftSize <<= 1;
  const frames = Math.max(0, Math.floor((samples.length - windowSamples) / hopSamples) + 1);
  const scale = samples instanceof Int16Array ? 1 / 32768 : 1;

  const fft = new RealFft(fftSize);
  // PFFFT leaves its input alone, so the zero padding past the window is written once.
  const frameIn = fft.input;
  frameIn.fill(0);
  const hamming = new Float64Array(windowSamples);
  for (let i = 0; i < windowSamples; i++) hamming[i] = 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (windowSamples - 1));
  // Flat typed arrays keep the per-frame loops monomorphic and cache-friendly.
  const bank = melFilterbank(opts.melBands, fftSize, sampleRate, opts.minHz, opts.maxHz);
  const bands = bank.length;
  const bankStart = Int32Array.from(bank, (filter) => filter.start);
  const bankOffset = new Int32Array(bands + 1);
  for (let b = 0; b < bands; b++) bankOffset[b + 1] = bankOffset[b] + bank[b].weights.length;
  const bankWeights = new Float64Array(bankOffset[bands]);
  bank.forEach((filter, b) => bankWeights.set(filter.weights, bankOffset[b]));
  const dct = dctMatrix(opts.coefficients + 1, opts.melBands);
  const dctFlat = new Float64Array(opts.coefficients * bands);
  for (let c = 1; c <= opts.coefficients; c++) dctFlat.set(dct[c], (c - 1) * bands);
  const power = new Float64Array(fftSize / 2 + 1);
  const melLog = new Float64Array(opts.melBands);

  const dims = opts.coefficients;
  const data = new Float32Array(frames * dims);
  const energyDb = new Float32Array(frames);

  for (let f = 0; f < frames; f++) {
    const offset = Math.round(f * hopSamples);
    // Pre-emphasis and DC removal per frame, then window.
    let mean = 0;
    for (let i = 0; i < windowSamples; i++) mean += samples[offset + i];
    // Dither: digital silence (the synthesizer's pauses) would otherwise give log(0) spectra that
    // match nothing; a −90 dBFS noise floor makes silence look like quiet silence everywhere.

    mean /= windowSamples;
    let energy = 0;
    let previous = (samples[offset] - mean) * scale + DITHER[offset & 4095];
    for (let i = 0; i < windowSamples; i++) {
      const x = (samples[offset + i] - mean) * scale + DITHER[(offset + i) & 4095];
      energy += x * x;
      frameIn[i] = (x - 0.97 * previous) * hamming[i];
      previous = x;
    }
    energyDb[f] = 10 * Math.log10(energy / windowSamples + 1e-10);

    fft.transform();
    fft.powerSpectrum(power);
    for (let b = 0; b < bands; b++) {
      const start = bankStart[b];
      const from = bankOffset[b];
      const to = bankOffset[b + 1];
      let sum = 0;
      for (let k = from; k < to; k++) sum += bankWeights[k] * power[start + k - from];
      melLog[b] = Math.log(sum + 1e-10);
    }
    for (let c = 1; c <= dims; c++) {
      const row = (c - 1) * bands;
      let sum = 0;
      for (let b = 0; b < bands; b++) sum += dctFlat[row + b] * melLog[b];
      data[f * dims + c - 1] = sum;
    }
  }
  fft.dispose();
  return { frames, dims, data, energyDb, hop: opts.hop };
}

/** Mean and variance normalization per coefficient, in place: removes channel and speaker tilt. */
export function normalizeFeatures(features: Features): Features {
  const { frames, dims, data } = features;
  if (frames === 0) return features;
  for (let d = 0; d < dims; d++) {
    let sum = 0;
    let sumSq = 0;
    for (let f = 0; f < frames; f++) {
      const v = data[f * dims + d];
      sum += v;
      sumSq += v * v;
    }
    const mean = sum / frames;
    const std = Math.sqrt(Math.max(sumSq / frames - mean * mean, 1e-8));
    for (let f = 0; f < frames; f++) data[f * dims + d] = (data[f * dims + d] - mean) / std;
  }
  return features;
}

/**
 * Average consecutive frames into coarser ones (`factor` frames each): the coarse grid the
 * locating search runs on.
 */
export function poolFeatures(features: Features, factor: number): Features {
  const { dims } = features;
  const frames = Math.floor(features.frames / factor);
  const data = new Float32Array(frames * dims);
  const energyDb = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let energy = -Infinity;
    for (let k = 0; k < factor; k++) {
      const src = (f * factor + k) * dims;
      for (let d = 0; d < dims; d++) data[f * dims + d] += features.data[src + d] / factor;
      energy = Math.max(energy, features.energyDb[f * factor + k]);
    }
    energyDb[f] = energy;
  }
  return { frames, dims, data, energyDb, hop: features.hop * factor };
}

interface MelFilter {
  start: number;
  weights: Float64Array;
}

function hzToMel(hz: number): number {
  return 2595 * Math.log10(1 + hz / 700);
}

function melToHz(mel: number): number {
  return 700 * (10 ** (mel / 2595) - 1);
}

function melFilterbank(bands: number, fftSize: number, sampleRate: number, minHz: number, maxHz: number): MelFilter[] {
  const top = Math.min(maxHz, sampleRate / 2);
  const melMin = hzToMel(minHz);
  const melMax = hzToMel(top);
  const edges: number[] = [];
  for (let i = 0; i < bands + 2; i++) edges.push(melToHz(melMin + ((melMax - melMin) * i) / (bands + 1)));
  const binHz = sampleRate / fftSize;
  const filters: MelFilter[] = [];
  for (let b = 0; b < bands; b++) {
    const [left, centre, right] = [edges[b], edges[b + 1], edges[b + 2]];
    const start = Math.max(0, Math.floor(left / binHz));
    const end = Math.min(fftSize / 2, Math.ceil(right / binHz));
    const weights = new Float64Array(end - start + 1);
    for (let k = start; k <= end; k++) {
      const hz = k * binHz;
      let w = 0;
      if (hz > left && hz <= centre) w = (hz - left) / (centre - left);
      else if (hz > centre && hz < right) w = (right - hz) / (right - centre);
      weights[k - start] = w;
    }
    // Area-normalize so the two sample rates' different bin widths give the same band energies.
    const area = weights.reduce((a, b) => a + b, 0) || 1;
    for (let k = 0; k < weights.length; k++) weights[k] /= area;
    filters.push({ start, weights });
  }
  return filters;
}

function dctMatrix(coefficients: number, bands: number): Float64Array[] {
  const rows: Float64Array[] = [];
  for (let c = 0; c < coefficients; c++) {
    const row = new Float64Array(bands);
    for (let b = 0; b < bands; b++) row[b] = Math.cos((Math.PI * c * (b + 0.5)) / bands) * Math.sqrt(2 / bands);
    rows.push(row);
  }
  return rows;
}
