import { beforeAll, describe, expect, it } from 'vitest';
import { loadAcousticModel, type AcousticModel } from '../../src/align/acoustic/model.js';
import { recordingObservations } from '../../src/align/acoustic/frames.js';
import { soundEvidence, spectralChange, speechWithoutText } from '../../src/align/untexted.js';
import type { TimedWord, TimeSpan } from '../../src/types.js';
import { loadClip, type Clip } from './acoustic/helpers.js';

/** ked-applause-missing (tests/fixtures/audio/README.md): its untranscribed sentence, applause and music. */
const MISSING = { start: 5.04, end: 9.02 };
const APPLAUSE = { start: 13.41, end: 19.41 };
const MUSIC = { start: 22.87, end: 26.87 };

const overlap = (a: TimeSpan, b: TimeSpan) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
const covered = (spans: readonly TimeSpan[], what: TimeSpan) => spans.reduce((sum, s) => sum + overlap(s, what), 0);

let model: AcousticModel;
let clip: Clip;
/** The transcript's words at their true times: what a perfect aligner places. */
let words: TimedWord[];

beforeAll(async () => {
  model = await loadAcousticModel('en');
  clip = await loadClip('audio', 'ked-applause-missing', 'm4a');
  words = clip.truth.transcriptTokens
    .filter((t) => t.spoken && t.start !== null && t.end !== null)
    .map((t) => ({ index: t.index, text: clip.transcript.words[t.index].text, start: t.start, end: t.end, confidence: 1, sentence: 0, paragraph: 0, turn: 0, source: 'audio' }));
});

const changeOf = (samples: Int16Array) => {
  const { frames, observations } = recordingObservations(model, samples);
  return spectralChange(observations, frames);
};

describe('spectralChange', () => {
  it('is the length of each frame’s Δc1…Δc12 (the level’s Δc0 and the other streams left out)', () => {
    const frames = 2;
    const observations = new Float32Array(frames * 39);
    observations.fill(100, 0, 13); // static cepstra: ignored
    observations[13] = 50; // Δc0: ignored
    observations[14] = 3; // Δc1
    observations[25] = 4; // Δc12
    observations.fill(100, 26, 39); // ΔΔc: ignored
    observations[39 + 20] = -2;
    expect(Array.from(spectralChange(observations, frames))).toEqual([5, 2]);
  });
});

describe('speechWithoutText', () => {
  it('reports the untranscribed sentence, not the applause and not the music between the turns', () => {
    const spans = speechWithoutText(soundEvidence(clip.samples, 16000, changeOf(clip.samples)), words);
    expect(covered(spans, MISSING)).toBeGreaterThan(0.6 * (MISSING.end - MISSING.start));
    expect(covered(spans, APPLAUSE)).toBeLessThan(0.5);
    expect(covered(spans, MUSIC)).toBeLessThan(0.5);
  });

  it('leaves out music that runs on from untranscribed speech without a pause, keeping the speech either side', () => {
    const piece = (span: TimeSpan) => clip.samples.subarray(Math.round(span.start * 16000), Math.round(span.end * 16000));
    const parts = [piece(MISSING), piece(MUSIC), piece(MISSING)];
    const joined = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      joined.set(p, at);
      at += p.length;
    }
    const sentence = MISSING.end - MISSING.start;
    const music = { start: sentence, end: sentence + (MUSIC.end - MUSIC.start) };
    const spans = speechWithoutText(soundEvidence(joined, 16000, changeOf(joined)), []);
    expect(covered(spans, { start: 0, end: sentence })).toBeGreaterThan(0.6 * sentence);
    expect(covered(spans, { start: music.end, end: music.end + sentence })).toBeGreaterThan(0.6 * sentence);
    // The windows straddling the joins may take up to a second of music with the speech.
    expect(covered(spans, { start: music.start + 1, end: music.end - 1 })).toBe(0);
  });

  it('takes the same sentence 20 dB below the talkers for background murmur', () => {
    const quieter = Int16Array.from(clip.samples);
    for (let i = Math.floor(MISSING.start * 16000); i < Math.ceil(MISSING.end * 16000); i++) quieter[i] = Math.round(quieter[i] / 10);
    const spans = speechWithoutText(soundEvidence(quieter, 16000, changeOf(quieter)), words);
    expect(covered(spans, MISSING)).toBeLessThan(0.5);
  });

  it('reports nothing where words are placed', () => {
    const everything: TimedWord[] = [...words, { ...words[0], index: -1, start: MISSING.start, end: MISSING.end }];
    const spans = speechWithoutText(soundEvidence(clip.samples, 16000, changeOf(clip.samples)), everything);
    for (const w of everything) expect(covered(spans, { start: w.start!, end: w.end! })).toBe(0);
  });
});
