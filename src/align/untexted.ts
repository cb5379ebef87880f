/**
 * Speech with no text: stretches of at least 2 s of speech-like sound where no transcript word was
 * placed (a question the transcript leaves out, remarks off the record). Speech-like means sound
 * above the recording's noise floor with voicing every few syllables (speech.ts): silence, room
 * tone and applause are not. Sound that is voiced almost throughout is music, not speech — a
 * talker stops voicing at every unvoiced consonant and pause, a held note does not.
 */
import type { TimedWord, TimeSpan } from '../types.js';
import { framePeriodicity } from './periodicity.js';
import { speechMask } from './speech.js';

const HOP_SECONDS = 0.01;
/** Shortest stretch reported. */
const MIN_SECONDS = 2;
/** Periodicity above which a frame counts as voiced (as in speech.ts). */
const VOICED = 0.5;
/** A stretch voiced in more than this share of its sound frames is music. */
const MUSIC_VOICED_SHARE = 0.9;

export function speechWithoutText(samples: Int16Array, sampleRate: number, words: readonly TimedWord[]): TimeSpan[] {
  const hop = Math.round(HOP_SECONDS * sampleRate);
  const frames = Math.floor(samples.length / hop);
  const energyDb = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let i = f * hop; i < (f + 1) * hop; i++) sum += samples[i] * samples[i];
    energyDb[f] = 10 * Math.log10(sum / hop + 1);
  }
  const periodicity = framePeriodicity(samples, sampleRate, frames, HOP_SECONDS);
  const mask = speechMask(energyDb, HOP_SECONDS, periodicity);
  const covered = new Uint8Array(frames);
  for (const w of words) {
    if (w.start === null || w.end === null) continue;
    covered.fill(1, Math.max(0, Math.floor(w.start / HOP_SECONDS) - 50), Math.min(frames, Math.ceil(w.end / HOP_SECONDS) + 50));
  }
  const spans: TimeSpan[] = [];
  let start = -1;
  let speech = 0;
  let voiced = 0;
  const close = (end: number) => {
    if (speech * HOP_SECONDS >= MIN_SECONDS && voiced / speech <= MUSIC_VOICED_SHARE) {
      spans.push({ start: Math.round(start * HOP_SECONDS * 1000) / 1000, end: Math.round(end * HOP_SECONDS * 1000) / 1000 });
    }
    start = -1;
  };
  for (let f = 0; f < frames; f++) {
    if (covered[f]) {
      if (start >= 0) close(f);
      continue;
    }
    if (mask.speech[f]) {
      if (start < 0) {
        start = f;
        speech = 0;
        voiced = 0;
      }
      speech++;
      if (periodicity[f] >= VOICED) voiced++;
    } else if (start >= 0) {
      // A pause longer than a second ends the stretch.
      let g = f;
      while (g < frames && !mask.speech[g] && !covered[g] && g - f < 100) g++;
      if (g - f >= 100 || g >= frames || covered[g]) close(f);
    }
  }
  if (start >= 0) close(frames);
  return spans;
}
