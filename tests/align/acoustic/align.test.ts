import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAcousticModel, type AcousticModel } from '../../../src/align/acoustic/model.js';
import { scoreRecording } from '../../../src/align/acoustic/frames.js';
import { alignScored, type AcousticAlignmentResult } from '../../../src/align/acoustic/align.js';
import { ACOUSTIC_TUNING as T } from '../../../src/align/acoustic/tuning.js';
import { parseTranscript } from '../../../src/text/index.js';
import type { Transcript } from '../../../src/types.js';
import { loadClip, median, REPO, speechLikeOf, type Clip } from './helpers.js';

/** A paragraph that rms-numbers never says, appended to its transcript. */
const UNSPOKEN = 'The harbour pilots of the northern coast gathered every autumn to compare their charts of the shifting sandbanks.';

let model: AcousticModel;
let clip: Clip;
let transcript: Transcript;
let result: AcousticAlignmentResult;

beforeAll(async () => {
  model = await loadAcousticModel('en');
  clip = await loadClip('audio', 'rms-numbers', 'ogg');
  const text = readFileSync(`${REPO}tests/fixtures/audio/rms-numbers.txt`, 'utf8');
  transcript = parseTranscript(`${text.trimEnd()}\n\n${UNSPOKEN}`);
  const scores = await scoreRecording(model, clip.samples, { threads: 1 });
  result = alignScored(model, scores, speechLikeOf(model, clip.samples), transcript, T);
});

describe('alignScored: the passes in order, and what they report', () => {
  it('times the spoken words from the audio, close to the truth, with confidence above one half', () => {
    const spoken = clip.truth.transcriptTokens.filter((t) => t.spoken);
    const words = spoken.map((t) => result.words[t.index]);
    expect(words.every((w) => w.source === 'audio' && w.start !== null && w.end !== null)).toBe(true);
    const errors = spoken.map((t) => Math.abs(result.words[t.index].start! - t.start!));
    expect(median(errors)).toBeLessThan(0.02);
    expect(words.filter((w) => w.confidence > 0.5).length / words.length).toBeGreaterThan(0.9);
    expect(result.engine).toBe('acoustic');
    expect(result.evidence.filter((e) => e !== null)).toHaveLength(words.length);
  });

  it('gives each timed word the silence before and after it, to the nearest timed words (none outside the first and last)', () => {
    const timed = result.words.filter((w) => w.source === 'audio').sort((a, b) => a.start! - b.start!);
    timed.forEach((w, k) => {
      const e = result.evidence[w.index]!;
      const before = timed[k - 1];
      const after = timed[k + 1];
      if (before) expect(e.gapBeforeSeconds).toBeCloseTo(Math.max(0, w.start! - before.end!), 2);
      else expect(e.gapBeforeSeconds).toBeNull();
      if (after) expect(e.gapAfterSeconds).toBeCloseTo(Math.max(0, after.start! - w.end!), 2);
      else expect(e.gapAfterSeconds).toBeNull();
    });
    // The clip has pauses between its numbers: some words have silence beside them.
    expect(timed.some((w) => (result.evidence[w.index]!.gapAfterSeconds ?? 0) > 0.1)).toBe(true);
  });

  it('reports the unspoken paragraph as not found or not spoken: null times, confidence 0, no evidence', () => {
    const first = clip.truth.transcriptTokens.length;
    expect(transcript.words.length).toBeGreaterThan(first);
    for (let i = first; i < transcript.words.length; i++) {
      expect(result.words[i]).toMatchObject({ start: null, end: null, confidence: 0, source: null });
      expect(result.evidence[i]).toBeNull();
    }
    expect(result.notFound).toEqual([{ firstWord: first, lastWord: transcript.words.length - 1, text: UNSPOKEN }]);
    const last = result.passages[result.passages.length - 1];
    expect(['not-found', 'not-spoken']).toContain(last.placement);
    expect([last.start, last.end]).toEqual([null, null]);
  });

  it('gives each spoken passage its placement and its words’ span, and covers only the speech', () => {
    const spokenPassages = result.passages.slice(0, -1);
    for (const p of spokenPassages) {
      expect(['anchored', 'bounded']).toContain(p.placement);
      expect(p.start).toBeCloseTo(Math.min(...result.words.slice(p.firstWord, p.lastWord + 1).map((w) => w.start ?? Infinity)), 6);
    }
    const truthWords = clip.truth.words;
    expect(result.coveredSpans.length).toBeGreaterThan(0);
    expect(result.coveredSpans[0].start).toBeGreaterThan(truthWords[0].start - 0.2);
    expect(result.coveredSpans[result.coveredSpans.length - 1].end).toBeLessThan(truthWords[truthWords.length - 1].end + 0.3);
  });
});
