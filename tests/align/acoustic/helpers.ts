/**
 * Shared fixtures for the acoustic core's pass tests: toy score matrices held in a real kernel
 * (no model needed), real clips with exact word truth, and a hand-made lexicon.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GaussianTables } from '../../../src/align/acoustic/gmm.js';
import { AcousticKernels, type FrameScores } from '../../../src/align/acoustic/kernels.js';
import { GARBAGE, type StateNetwork } from '../../../src/align/acoustic/network.js';
import { Lexicon } from '../../../src/align/acoustic/lexicon.js';
import { decodeAudio } from '../../../src/media/decode.js';
import { parseTranscript } from '../../../src/text/index.js';
import type { Transcript } from '../../../src/types.js';
import type { Truth } from '../../../bench/lib/truth.js';
import { ACOUSTIC_TUNING, type AcousticTuning } from '../../../src/align/acoustic/tuning.js';
import { mulberry32 } from '../../../src/util/random.js';
import { prepareRecording } from '../../../src/align/acoustic/align.js';
import type { AcousticModel } from '../../../src/align/acoustic/model.js';
import type { SpeechLikeFrames } from '../../../src/align/acoustic/locate.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** A Gaussian table of the shape the kernels accept (1 codebook, 3 × 128 × 13); only its size matters for held scores. */
export function blankTables(senones: number): GaussianTables {
  const densities = 128;
  const dims = 13;
  return {
    codebooks: 1,
    streams: 3,
    densities,
    dims,
    mean: new Float32Array(3 * densities * dims),
    halfPrecision: new Float32Array(3 * densities * dims),
    logNorm: new Float32Array(3 * densities),
    logWeight: new Float32Array(senones * 3 * densities),
    senoneCodebook: new Int32Array(senones),
    senones,
  };
}

/**
 * Holds a hand-written raw score matrix (`rows[t][s]`, log-likelihoods) in a kernel, as the
 * recording's scores would be. Each row is normalized by its best; one pause column per entry of
 * `pauseOf` (the best of those senones) follows the senones.
 */
export function toyScores(rows: number[][], pauseOf: number[][] = []): FrameScores {
  const senones = rows[0].length;
  const kernels = new AcousticKernels(blankTables(senones), Int32Array.from({ length: senones }, (_, i) => i));
  const raw = Float32Array.from(rows.flat());
  return kernels.holdScores(raw, rows.length, { phoneStates: Array.from({ length: senones }, (_, s) => [s]), pauseStates: pauseOf });
}

/** Score rows where senone `best(t)` scores 0 and every other −`gap`. */
export function rowsWithBest(frames: number, senones: number, best: (t: number) => number, gap = 5): number[][] {
  return Array.from({ length: frames }, (_, t) => Array.from({ length: senones }, (_, s) => (s === best(t) ? 0 : -gap)));
}

/**
 * A plain left-to-right chain over the given senones (GARBAGE allowed), every move at log(0.5).
 * Starts in the first state, ends in the last.
 */
export function chainNetwork(senones: number[]): StateNetwork {
  const size = senones.length;
  const half = Math.log(0.5);
  return {
    size,
    senone: Int32Array.from(senones),
    selfLog: new Float32Array(size).fill(half),
    nextLog: new Float32Array(size).fill(half),
    arcStart: new Int32Array(size + 1),
    arcFrom: new Int32Array(0),
    arcLog: new Float32Array(0),
    word: Int32Array.from(senones, (s) => (s === GARBAGE ? -1 : 0)),
    finals: [size - 1],
    initials: [0],
  };
}

export interface Clip {
  samples: Int16Array;
  transcript: Transcript;
  truth: Truth;
}

/** A real-audio fixture (tests/fixtures/audio or scenarios): its 16 kHz PCM, parsed transcript and word truth. */
export async function loadClip(folder: 'audio' | 'scenarios', name: string, extension: string): Promise<Clip> {
  const base = `${REPO}tests/fixtures/${folder}/${name}`;
  const audio = await decodeAudio(`${base}.${extension}`);
  const transcript = parseTranscript(readFileSync(`${base}.txt`, 'utf8'));
  const truth = JSON.parse(readFileSync(`${base}.truth.json`, 'utf8')) as Truth;
  if (truth.transcriptTokens.length !== transcript.words.length) throw new Error(`${name}: truth and transcript disagree on the word count`);
  return { samples: audio.samples, transcript, truth };
}

/** `seconds` of samples from a seeded generator: white noise at `rms`, or silence for rms 0. */
export function noise(seconds: number, rms: number, seed = 1): Int16Array {
  const rand = mulberry32(seed);
  const out = new Int16Array(Math.round(seconds * 16000));
  // Uniform noise on [-a, a] has rms a/√3.
  const a = rms * Math.sqrt(3);
  for (let i = 0; i < out.length; i++) out[i] = Math.round((rand() * 2 - 1) * a);
  return out;
}

export function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export { mulberry32 };

/** A recording's speech-like frames (locate.ts SpeechLikeFrames), taken as the engine takes them. */
export function speechLikeOf(model: AcousticModel, samples: Int16Array): SpeechLikeFrames {
  return prepareRecording(model, samples, 16000).sound.talk;
}

/**
 * A lexicon whose dictionary gives each word the phone `AA` repeated as often as the entry says
 * (so block tests control phone counts exactly); no eSpeak fallback.
 */
export function countingLexicon(phonesPerWord: Record<string, number>): Lexicon {
  const dict = Object.entries(phonesPerWord)
    .map(([word, n]) => `${word} ${Array(n).fill('AA').join(' ')}`)
    .join('\n');
  return new Lexicon('en', dict, ['SIL', 'AA'], () => null);
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1];
}

export function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/**
 * ACOUSTIC_TUNING with some values changed. The cast is needed because AcousticTuning is
 * `typeof` a frozen literal, so its fields have literal types (12, −4.3 …): see tuning.test.ts.
 */
export function tunedWith(changes: Partial<{ [K in keyof AcousticTuning]: AcousticTuning[K] extends number ? number : readonly number[] }>): AcousticTuning {
  return { ...ACOUSTIC_TUNING, ...changes } as AcousticTuning;
}
