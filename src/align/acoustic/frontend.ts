import { RealFft } from '../fft.js';

/**
 * The acoustic model's front end: the MFCCs its training used (Sphinx conventions), then cepstral
 * mean normalization and the delta and delta-delta streams ("1s_c_d_dd"). Parameters come from
 * the model's own `feat_params.json`; the window, pre-emphasis and FFT size are the Sphinx
 * defaults at 16 kHz.
 */
export interface FrontEndParams {
  sampleRate: number;
  lowerHz: number;
  upperHz: number;
  filters: number;
  lifter: number;
  cepstra: number;
  /** Noise suppression on the filterbank energies, as the models were trained. */
  removeNoise: boolean;
}

export const FRAME_SHIFT_SECONDS = 0.01;
const WINDOW_SECONDS = 0.025625;
const PRE_EMPHASIS = 0.97;
const FFT_SIZE = 512;
const LOG_FLOOR = 1e-4;

export function frontEndParams(featParams: Record<string, unknown>, sampleRate = 16000): FrontEndParams {
  const number = (key: string, fallback: number) => (typeof featParams[key] === 'number' ? (featParams[key] as number) : fallback);
  if (featParams.transform !== undefined && featParams.transform !== 'dct') throw new Error(`unsupported cepstral transform ${String(featParams.transform)}`);
  return {
    sampleRate,
    lowerHz: number('lowerf', 133.33),
    upperHz: number('upperf', 6855.5),
    filters: number('nfilt', 40),
    lifter: number('lifter', 0),
    cepstra: 13,
    removeNoise: featParams.remove_noise !== false,
  };
}

/** Triangular mel filters on FFT bins, edges rounded to bins, unit area (the Sphinx filterbank). */
function melFilters(p: FrontEndParams): { start: Int32Array; weights: Float64Array[] } {
  const mel = (hz: number) => 2595 * Math.log10(1 + hz / 700);
  const hzOf = (m: number) => 700 * (10 ** (m / 2595) - 1);
  const binHz = p.sampleRate / FFT_SIZE;
  const low = mel(p.lowerHz);
  const width = (mel(p.upperHz) - low) / (p.filters + 1);
  const start = new Int32Array(p.filters);
  const weights: Float64Array[] = [];
  for (let i = 0; i < p.filters; i++) {
    const [left, centre, right] = [0, 1, 2].map((j) => Math.trunc(hzOf(low + (i + j) * width) / binHz + 0.5) * binHz);
    const bins: number[] = [];
    let first = -1;
    for (let k = 0; k <= FFT_SIZE / 2; k++) {
      const hz = k * binHz;
      if (hz < left) continue;
      if (hz > right || k === FFT_SIZE / 2) break;
      if (first < 0) first = k;
      const rising = ((hz - left) / (centre - left)) * (2 / (right - left));
      const falling = ((right - hz) / (right - centre)) * (2 / (right - left));
      bins.push(Math.min(rising, falling));
    }
    start[i] = first;
    weights.push(Float64Array.from(bins));
  }
  return { start, weights };
}

/**
 * Noise suppression on filterbank power, frame by frame (after Kim and Stern's power-normalized
 * cepstra): a slowly rising, quickly falling lower envelope tracks the noise floor, which is
 * subtracted; temporal masking damps the decay after a peak; the per-band gains are smoothed
 * across neighbouring bands before they are applied.
 */
class NoiseSuppressor {
  private power: Float64Array;
  private noise: Float64Array;
  private floor: Float64Array;
  private peak: Float64Array;
  private signal: Float64Array;
  private gain: Float64Array;
  private started = false;

  constructor(private readonly bands: number) {
    this.power = new Float64Array(bands);
    this.noise = new Float64Array(bands);
    this.floor = new Float64Array(bands);
    this.peak = new Float64Array(bands);
    this.signal = new Float64Array(bands);
    this.gain = new Float64Array(bands);
  }

  apply(spectrum: Float64Array): void {
    const n = this.bands;
    const MAX_GAIN = 20;
    if (!this.started) {
      for (let i = 0; i < n; i++) {
        this.power[i] = spectrum[i];
        this.noise[i] = spectrum[i] / MAX_GAIN;
        this.floor[i] = spectrum[i] / MAX_GAIN;
        this.peak[i] = 0;
      }
      this.started = true;
    }
    for (let i = 0; i < n; i++) this.power[i] = 0.7 * this.power[i] + 0.3 * spectrum[i];
    lowerEnvelope(this.power, this.noise);
    for (let i = 0; i < n; i++) this.signal[i] = Math.max(1, this.power[i] - this.noise[i]);
    lowerEnvelope(this.signal, this.floor);
    for (let i = 0; i < n; i++) {
      // Temporal masking: a band falling well below its decaying peak is held near the peak's tail.
      const input = this.signal[i];
      this.peak[i] *= 0.85;
      if (this.signal[i] < 0.85 * this.peak[i]) this.signal[i] = this.peak[i] * 0.2;
      if (input > this.peak[i]) this.peak[i] = input;
      if (this.signal[i] < this.floor[i]) this.signal[i] = this.floor[i];
      const g = this.signal[i] < MAX_GAIN * this.power[i] ? this.signal[i] / this.power[i] : MAX_GAIN;
      this.gain[i] = Math.max(g, 1 / MAX_GAIN);
    }
    const SMOOTH = 4;
    for (let i = 0; i < n; i++) {
      const from = Math.max(0, i - SMOOTH);
      const to = Math.min(n - 1, i + SMOOTH);
      let sum = 0;
      for (let j = from; j <= to; j++) sum += this.gain[j];
      spectrum[i] *= sum / (to - from + 1);
    }
  }
}

function lowerEnvelope(value: Float64Array, envelope: Float64Array): void {
  for (let i = 0; i < value.length; i++) {
    envelope[i] = value[i] >= envelope[i] ? 0.995 * envelope[i] + 0.005 * value[i] : 0.5 * envelope[i] + 0.5 * value[i];
  }
}

/** Raw cepstra (c0..c12) per 10 ms frame of 16-bit PCM, row-major `frames × 13`. */
export function computeCepstra(samples: Int16Array, p: FrontEndParams): { frames: number; cepstra: Float32Array } {
  const windowLength = Math.round(WINDOW_SECONDS * p.sampleRate);
  const shift = Math.round(FRAME_SHIFT_SECONDS * p.sampleRate);
  const frames = samples.length < windowLength ? 0 : 1 + Math.floor((samples.length - windowLength) / shift);
  const hamming = new Float64Array(windowLength);
  for (let i = 0; i < windowLength; i++) hamming[i] = 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (windowLength - 1));
  const { start, weights } = melFilters(p);
  const cosines = new Float64Array(p.cepstra * p.filters);
  for (let i = 0; i < p.cepstra; i++) for (let j = 0; j < p.filters; j++) cosines[i * p.filters + j] = Math.cos((Math.PI / p.filters) * i * (j + 0.5));
  const lifter = new Float64Array(p.cepstra);
  for (let i = 0; i < p.cepstra; i++) lifter[i] = p.lifter ? 1 + (p.lifter / 2) * Math.sin((i * Math.PI) / p.lifter) : 1;
  const fft = new RealFft(FFT_SIZE);
  const power = new Float64Array(FFT_SIZE / 2 + 1);
  const bands = new Float64Array(p.filters);
  const noise = p.removeNoise ? new NoiseSuppressor(p.filters) : null;
  const out = new Float32Array(frames * p.cepstra);
  const scale0 = Math.sqrt(1 / p.filters);
  const scale = Math.sqrt(2 / p.filters);
  for (let f = 0; f < frames; f++) {
    const input = fft.input;
    const offset = f * shift;
    // Pre-emphasis continues across frames (the sample before the frame is its prior).
    let prior = offset > 0 ? samples[offset - 1] : 0;
    for (let i = 0; i < windowLength; i++) {
      const x = samples[offset + i];
      input[i] = (x - PRE_EMPHASIS * prior) * hamming[i];
      prior = x;
    }
    input.fill(0, windowLength);
    fft.transform();
    fft.powerSpectrum(power);
    for (let b = 0; b < p.filters; b++) {
      let sum = 0;
      const w = weights[b];
      for (let k = 0; k < w.length; k++) sum += power[start[b] + k] * w[k];
      bands[b] = sum;
    }
    noise?.apply(bands);
    for (let b = 0; b < p.filters; b++) bands[b] = Math.log(bands[b] + LOG_FLOOR);
    const row = f * p.cepstra;
    for (let i = 0; i < p.cepstra; i++) {
      let sum = 0;
      for (let j = 0; j < p.filters; j++) sum += bands[j] * cosines[i * p.filters + j];
      out[row + i] = sum * (i === 0 ? scale0 : scale) * lifter[i];
    }
  }
  fft.dispose();
  return { frames, cepstra: out };
}
