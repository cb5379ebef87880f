import { describe, expect, it } from 'vitest';
import { framePeriodicity } from '../../src/align/periodicity.js';
import { speechMask } from '../../src/align/speech.js';
import { mulberry32 } from './synthetic.js';

const RATE = 16000;

/** A 150 Hz "voice": a few harmonics with falling amplitude. */
function voiced(seconds: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  for (let i = 0; i < out.length; i++) {
    let x = 0;
    for (let h = 1; h <= 6; h++) x += Math.sin((2 * Math.PI * 150 * h * i) / RATE) / h;
    out[i] = 8000 * x;
  }
  return out;
}

function noise(seconds: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: Math.round(seconds * RATE) }, () => 8000 * (random() * 2 - 1));
}

const median = (values: Float32Array): number => Float32Array.from(values).sort()[values.length >> 1];

describe('framePeriodicity', () => {
  it('is high for a periodic voice at speaking pitch and low for noise', () => {
    const frames = 100;
    expect(median(framePeriodicity(voiced(1.1), RATE, frames))).toBeGreaterThan(0.9);
    expect(median(framePeriodicity(noise(1.1, 7), RATE, frames))).toBeLessThan(0.4);
  });

  it('gives one value per frame, frames between analysed ones copying the last', () => {
    const values = framePeriodicity(noise(0.5, 3), RATE, 40);
    expect(values).toHaveLength(40);
    for (let f = 0; f < 40; f++) expect(values[f]).toBe(values[f - (f % 4)]);
    expect(new Set(values).size).toBeGreaterThan(3);
  });
});

describe('speechMask with periodicity', () => {
  it('marks loud unvoiced sound (applause-like noise) as noise, not speech, and keeps voiced sound', () => {
    // 1 s of silence, 2 s of voice, 1 s of silence, 2 s of noise.
    const frames = 600;
    const energyDb = new Float32Array(frames).fill(-70);
    const periodicity = new Float32Array(frames).fill(0.2);
    for (let f = 100; f < 300; f++) {
      energyDb[f] = -20;
      periodicity[f] = f % 3 === 0 ? 0.3 : 0.85;
    }
    for (let f = 400; f < 600; f++) energyDb[f] = -20;
    const mask = speechMask(energyDb, 0.01, periodicity);
    expect(mask.speech.slice(100, 300).every((v) => v === 1)).toBe(true);
    expect(mask.noise.slice(100, 300).some((v) => v === 1)).toBe(false);
    // Frames close to the voice see some of its voicing; the noise's core is all noise.
    expect(mask.noise.slice(440, 600).every((v) => v === 1)).toBe(true);
    expect(mask.speech.slice(440, 600).some((v) => v === 1)).toBe(false);
  });

  it('without periodicity, all sound is speech', () => {
    const energyDb = new Float32Array(300).fill(-70);
    for (let f = 100; f < 200; f++) energyDb[f] = -20;
    const mask = speechMask(energyDb);
    expect(mask.speech.slice(100, 200).every((v) => v === 1)).toBe(true);
    expect(mask.noise.every((v) => v === 0)).toBe(true);
  });
});
