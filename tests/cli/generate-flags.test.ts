import { describe, expect, test } from 'vitest';
import { formatGenerateSummary, generateOptionsFromFlags } from '../../src/cli/commands/generate.js';
import type { GenerateSummary } from '../../src/pipeline/index.js';
import { CapsyncError } from '../../src/util/errors.js';

describe('generate flags → options', () => {
  test('caption and chapter flags are parsed and passed on', () => {
    const o = generateOptionsFromFlags('a.mp4', {
      transcript: 't.txt',
      maxLine: '37',
      maxCps: '17',
      speakerStyle: 'voice',
      speakerNames: true,
      minChapter: '15',
      maxChapters: '8',
      out: 'out',
      language: 'en',
    });
    expect(o).toMatchObject({
      media: 'a.mp4',
      transcript: 't.txt',
      outDir: 'out',
      language: 'en',
      minChapter: 15,
      maxChapters: 8,
      captions: { maxLineLength: 37, maxCps: 17, speakerStyle: 'voice', speakerNames: true },
    });
  });

  test('unset flags stay unset, so the stages apply their defaults', () => {
    const o = generateOptionsFromFlags('a.mp4', { transcript: 't.txt' });
    expect(o.captions).toEqual({});
    expect(o.minChapter).toBeUndefined();
    expect(o.maxChapters).toBeUndefined();
  });

  test.each([
    [{ maxLine: 'wide' }, /--max-line must be a whole number/],
    [{ maxLine: '5' }, /--max-line/],
    [{ maxCps: '0' }, /--max-cps must be a positive number/],
    [{ speakerStyle: '>>>' }, /--speaker-style must be one of >>, -, voice, none/],
    [{ minChapter: '-1' }, /--min-chapter/],
    [{ maxChapters: '2.5' }, /--max-chapters must be a whole number/],
  ])('bad value %o is a CapsyncError naming the flag', (flags, message) => {
    let error: unknown;
    try {
      generateOptionsFromFlags('a.mp4', flags);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CapsyncError);
    expect((error as Error).message).toMatch(message);
  });
});

describe('generate summary on stderr', () => {
  const summary: GenerateSummary = {
    media: 'media/talk.mp4',
    outDir: 'out',
    duration: 720,
    language: 'en',
    transcriptFrom: 'transcript',
    timingFrom: 'audio',
    words: { total: 400, spoken: 398, placed: 380, unplaced: 20, bySource: { audio: 380 } },
    coverage: { spans: [{ start: 5, end: 220 }], coveredSeconds: 215, note: 'transcript covers 0:05–3:40 of 12:00' },
    notFound: [{ firstWord: 100, lastWord: 119, words: 20, text: 'This paragraph was never spoken at the press conference at all.' }],
    speechWithoutText: [{ start: 230, end: 700, duration: 470 }],
    lowConfidence: [{ firstWord: 10, lastWord: 14, start: 12, end: 15.5, words: 5, meanConfidence: 0.3, text: 'a b c d e' }],
    cues: 120,
    chapters: 4,
    seconds: 12.34,
    timings: {},
    files: ['out/talk.vtt', 'out/talk.srt'],
    inputs: { media: 'media/talk.mp4', description: 'media/talk.description', found: [{ role: 'description', path: 'media/talk.description' }] },
    warnings: ['chapters: something'],
  };

  test('names duration, words placed, coverage, missing passages, leftovers and time taken', () => {
    const text = formatGenerateSummary(summary);
    expect(text).toMatch(/^talk\.mp4: 12:00 of audio, 380 of 400 words placed \(95%\)/);
    expect(text).toContain('transcript covers 0:05–3:40 of 12:00');
    expect(text).toContain('found beside the media: talk.description (description)');
    expect(text).toContain('not found in the audio: 1 passage(s), 20 words');
    expect(text).toContain('words 100–119: "This paragraph was never spoken');
    expect(text).toContain('speech with no text: 3:50–11:40');
    expect(text).toContain('low confidence: 0:12–0:15 (5 words)');
    expect(text).toContain('in 12.3 s');
    expect(text).toContain('warning: chapters: something');
    expect(text.endsWith('\n')).toBe(true);
  });
});
