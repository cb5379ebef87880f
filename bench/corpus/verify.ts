/**
 * Listening-free checks that a case's truth matches its audio:
 *
 *   npx tsx bench/corpus/verify.ts bench/.cache/cases/clean-2min [more case dirs…]
 *
 * - every spoken word holds energy well above the pauses;
 * - pauses of ≥ 150 ms between words stay below -40 dBFS (no speech leaked into a pause);
 * - after each such pause, the first 5 ms frame louder than -45 dBFS (speech is at about -22)
 *   (the acoustic onset) lies within a few ms of the claimed word start — later for
 *   words opening with a stop (silent closure) or a weak fricative;
 * - likewise the acoustic offset before each pause against the claimed word end (one-sided:
 *   weak final consonants fade below the threshold before their labelled end).
 * Exits non-zero when a check fails. Meant for clean cases (no music or noise).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadTruth, type Truth } from '../lib/truth.js';
import { readWav } from './wav.js';

const FRAME = 0.005;

function frameDb(x: Float32Array, sr: number): Float32Array {
  const n = Math.floor(x.length / (FRAME * sr));
  const out = new Float32Array(n);
  const len = FRAME * sr;
  for (let f = 0; f < n; f++) {
    let acc = 0;
    for (let i = f * len; i < (f + 1) * len; i++) acc += x[i] * x[i];
    out[f] = 10 * Math.log10(acc / len + 1e-12);
  }
  return out;
}

const q = (a: number[], p: number) => {
  if (!a.length) return NaN;
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))];
};
// Only words opening with a vowel, nasal, liquid or glide have an energy onset a threshold
// can find; stops have a silent closure, fricatives and h rise slowly (digits: "two", "four"…).
const WEAK_ONSET = /^[^A-Za-z0-9]*(?![aeioumnlrwy])/i;

export interface VerifyReport {
  words: number;
  quietWords: number;
  loudPauseFrames: number;
  onset: { n: number; median: number; p90: number; within20ms: number; stops: { n: number; median: number } };
  offset: { n: number; median: number; p90: number; within30ms: number };
  /** Share of onsets with speech energy > 20 ms before the claimed start; of offsets with energy > 30 ms after the claimed end. */
  earlyOnsets: number;
  lateOffsets: number;
  /** Per voice: onset within 20 ms (strong onsets) and offset within 30 ms. */
  byVoice: Record<string, { onsets: number; onsetWithin20ms: number; onsetMedian: number; onsetErrors: number[]; offsets: number; offsetWithin30ms: number; offsetMedian: number }>;
  ok: boolean;
}

export function verifyTruth(truth: Truth, samples: Float32Array, sr: number): VerifyReport {
  const db = frameDb(samples, sr);
  const fr = (t: number) => Math.min(db.length - 1, Math.max(0, Math.floor(t / FRAME)));
  const words = truth.words;
  // Pause floor: median frame level inside pauses of ≥ 150 ms.
  const pauseFrames: number[] = [];
  for (let i = 1; i < words.length; i++) {
    const a = words[i - 1].end + 0.04;
    const b = words[i].start - 0.04;
    if (b - a > 0.07) for (let f = fr(a); f < fr(b); f++) pauseFrames.push(db[f]);
  }
  // Speech is normalized to about -22 dBFS RMS; festival's own pauses hold LPC noise near
  // -60 dBFS, so -45 dBFS separates the two with margin on both sides.
  const threshold = -45;
  let quietWords = 0;
  for (const w of words) {
    let peak = -Infinity;
    for (let f = fr(w.start); f <= fr(w.end); f++) peak = Math.max(peak, db[f]);
    if (peak < threshold + 15) quietWords++;
  }
  // A decaying tail may touch the onset threshold; speech in a pause would be far louder.
  const loudPauseFrames = pauseFrames.filter((v) => v > threshold + 5).length;
  const onsetErr: number[] = [];
  const stopErr: number[] = [];
  const offsetErr: number[] = [];
  const vOn = new Map<string, number[]>();
  const vOff = new Map<string, number[]>();
  const push = (m: Map<string, number[]>, k: string, v: number) => m.set(k, [...(m.get(k) ?? []), v]);
  for (let i = 1; i < words.length; i++) {
    const gap = words[i].start - words[i - 1].end;
    if (gap < 0.15) continue;
    // Onset: first loud frame after the middle of the pause.
    const from = fr(words[i - 1].end + gap / 2);
    let f = from;
    while (f < db.length && db[f] < threshold) f++;
    const err = f * FRAME - words[i].start;
    if (WEAK_ONSET.test(words[i].text)) stopErr.push(err);
    else {
      onsetErr.push(err);
      push(vOn, words[i].voice, err);
    }
    // Offset: last loud frame before the middle of the pause.
    let g = fr(words[i - 1].end + gap / 2);
    while (g > 0 && db[g] < threshold) g--;
    offsetErr.push((g + 1) * FRAME - words[i - 1].end);
    push(vOff, words[i - 1].voice, (g + 1) * FRAME - words[i - 1].end);
  }
  const abs = (a: number[]) => a.map(Math.abs);
  const onset = {
    n: onsetErr.length,
    median: q(onsetErr, 0.5),
    p90: q(abs(onsetErr), 0.9),
    within20ms: onsetErr.filter((e) => Math.abs(e) <= 0.02).length / Math.max(1, onsetErr.length),
    stops: { n: stopErr.length, median: q(stopErr, 0.5) },
  };
  const offset = {
    n: offsetErr.length,
    median: q(offsetErr, 0.5),
    p90: q(abs(offsetErr), 0.9),
    within30ms: offsetErr.filter((e) => Math.abs(e) <= 0.03).length / Math.max(1, offsetErr.length),
  };
  const byVoice: VerifyReport['byVoice'] = {};
  for (const v of new Set(words.map((w) => w.voice))) {
    const on = vOn.get(v) ?? [];
    const off = vOff.get(v) ?? [];
    byVoice[v] = {
      onsets: on.length,
      onsetWithin20ms: on.filter((e) => Math.abs(e) <= 0.02).length / Math.max(1, on.length),
      onsetMedian: q(on, 0.5),
      onsetErrors: on,
      offsets: off.length,
      offsetWithin30ms: off.filter((e) => Math.abs(e) <= 0.03).length / Math.max(1, off.length),
      offsetMedian: q(off, 0.5),
    };
  }
  // Weak final consonants fall below the threshold before their labelled end, so offsets are
  // judged one-sided: speech energy must not start before a claimed onset or outlast a claimed end.
  const early = [...onsetErr, ...stopErr].filter((e) => e < -0.02).length / Math.max(1, onsetErr.length + stopErr.length);
  const late = offsetErr.filter((e) => e > 0.03).length / Math.max(1, offsetErr.length);
  const ok = quietWords <= words.length * 0.01 && loudPauseFrames === 0 && onset.within20ms >= 0.85 && early <= 0.05 && late <= 0.05;
  return { words: words.length, quietWords, loudPauseFrames, onset, offset, byVoice, earlyOnsets: early, lateOffsets: late, ok };
}

if (process.argv[1]?.endsWith('verify.ts')) {
  let failed = false;
  for (const dir of process.argv.slice(2)) {
    const truthPath = existsSync(join(dir, 'truth.json')) ? join(dir, 'truth.json') : dir.replace(/\.(wav|m4a|ogg)$/, '.truth.json');
    const wavPath = existsSync(join(dir, 'audio.wav')) ? join(dir, 'audio.wav') : dir;
    const truth = loadTruth(truthPath);
    const wav = readWav(wavPath);
    const r = verifyTruth(truth, wav.samples, wav.sampleRate);
    const ms = (x: number) => `${(x * 1000).toFixed(1)} ms`;
    console.log(
      `${truth.case}: ${r.words} words; quiet words ${r.quietWords}; loud pause frames ${r.loudPauseFrames}\n` +
        `  onset (acoustic - truth) after pauses: n=${r.onset.n} median ${ms(r.onset.median)}, |p90| ${ms(r.onset.p90)}, within 20 ms ${(100 * r.onset.within20ms).toFixed(1)}%` +
        `; weak-onset words n=${r.onset.stops.n} median ${ms(r.onset.stops.median)}\n` +
        `  offset (acoustic - truth) before pauses: n=${r.offset.n} median ${ms(r.offset.median)}, |p90| ${ms(r.offset.p90)}, within 30 ms ${(100 * r.offset.within30ms).toFixed(1)}%\n` +
        `  speech energy > 20 ms before a claimed onset: ${(100 * r.earlyOnsets).toFixed(1)}%; > 30 ms after a claimed end: ${(100 * r.lateOffsets).toFixed(1)}%\n` +
        Object.entries(r.byVoice)
          .map(([v, b]) => `  ${v}: onsets ${b.onsets} (${(100 * b.onsetWithin20ms).toFixed(0)}% ≤ 20 ms, median ${ms(b.onsetMedian)}), offsets ${b.offsets} (${(100 * b.offsetWithin30ms).toFixed(0)}% ≤ 30 ms, median ${ms(b.offsetMedian)})\n`)
          .join('') +
        `  ${r.ok ? 'OK' : 'FAILED'}`,
    );
    if (!r.ok) failed = true;
  }
  process.exit(failed ? 1 : 0);
}
