import { describe, expect, test } from 'vitest';
import { parseTranscript } from '../../src/text/index.js';
import type { TimedWord, Transcript } from '../../src/types.js';
import {
  buildWordsJson,
  coverageNote,
  fillFromTrack,
  lowConfidenceStretches,
  mergeSpans,
  spansOfWords,
  unplacedPassages,
  checkTextFitsAudio,
} from '../../src/pipeline/index.js';
import type { TrackAlignment } from '../../src/align/track/index.js';
import { CapsyncError } from '../../src/util/errors.js';

const TEXT = 'Moderator:\nGood afternoon everyone. We start now.\n\nNATO Secretary General:\nThank you — it is good to be here today.';

function timed(transcript: Transcript, times: Array<[number, number, number] | null>): TimedWord[] {
  return transcript.words.map((w, i) => {
    const t = times[i] ?? null;
    return {
      index: w.index,
      text: w.text,
      start: t ? t[0] : null,
      end: t ? t[1] : null,
      confidence: t ? t[2] : 0,
      sentence: w.sentence,
      paragraph: w.paragraph,
      turn: w.turn,
      source: t ? 'audio' : null,
    };
  });
}

describe('report pieces', () => {
  const transcript = parseTranscript(TEXT);
  const words = transcript.words.map((w) => w.text);

  test('the transcript parses as expected by these tests', () => {
    expect(words).toEqual(['Good', 'afternoon', 'everyone.', 'We', 'start', 'now.', 'Thank', 'you', '—', 'it', 'is', 'good', 'to', 'be', 'here', 'today.']);
    expect(transcript.words[8].spoken).toBe('');
  });

  test('unplaced passages are runs of spoken words with null times, with their text', () => {
    const times: Array<[number, number, number] | null> = words.map((_, i) => [i, i + 0.5, 0.9]);
    for (const i of [3, 4, 5, 8, 9]) times[i] = null;
    const passages = unplacedPassages(timed(transcript, times), transcript);
    expect(passages).toEqual([
      { firstWord: 3, lastWord: 5, words: 3, text: 'We start now.' },
      // A passage starts at a spoken word: the unplaced dash before "it" is not part of it.
      { firstWord: 9, lastWord: 9, words: 1, text: 'it' },
    ]);
  });

  test('low-confidence stretches: runs of ≥ 3 placed words below 0.5, dashes and gaps ignored', () => {
    const conf = [0.9, 0.2, 0.3, 0.4, 0.9, 0.1, 0.2, 0.9, 0.0, 0.3, 0.2, 0.45, 0.9, 0.9, 0.9, 0.9];
    const times = words.map((_, i) => [i, i + 0.5, conf[i]] as [number, number, number]);
    const stretches = lowConfidenceStretches(timed(transcript, times), transcript);
    expect(stretches.map((s) => [s.firstWord, s.lastWord, s.start, s.end, s.words])).toEqual([
      [1, 3, 1, 3.5, 3],
      // 9..11: the dash (8, unspoken) is skipped, so only it/is/good count — and 5,6 (two words) are too few.
      [9, 11, 9, 11.5, 3],
    ]);
    expect(stretches[0].meanConfidence).toBeCloseTo(0.3, 3);
    expect(stretches[0].text).toBe('afternoon everyone. We');
  });

  test('coverage note names every span against the duration', () => {
    expect(coverageNote([{ start: 5, end: 220 }], 720)).toBe('transcript covers 0:05–3:40 of 12:00');
    expect(coverageNote([{ start: 5, end: 60 }, { start: 100, end: 130 }, { start: 3600, end: 3700 }], 4000)).toBe(
      'transcript covers 0:05–1:00, 1:40–2:10 and 1:00:00–1:01:40 of 1:06:40',
    );
    expect(coverageNote([], 90)).toBe('transcript not found anywhere in the 1:30 of audio');
  });

  test('spans of words join gaps up to the limit; mergeSpans unions overlapping spans', () => {
    const times: Array<[number, number, number] | null> = words.map((_, i) => [i * 10, i * 10 + 1, 1]);
    times[1] = null;
    // Gaps are 9 s between neighbours, 19 s around the unplaced word.
    expect(spansOfWords(timed(transcript, times), 10)).toEqual([{ start: 0, end: 1 }, { start: 20, end: 151 }]);
    expect(spansOfWords(timed(transcript, times), 20)).toEqual([{ start: 0, end: 151 }]);
    expect(spansOfWords(timed(transcript, times), 5)).toHaveLength(15);
    expect(mergeSpans([{ start: 10, end: 20 }, { start: 0, end: 5 }, { start: 15, end: 30 }, { start: 60, end: 70 }], 0)).toEqual([
      { start: 0, end: 5 },
      { start: 10, end: 30 },
      { start: 60, end: 70 },
    ]);
    expect(mergeSpans([{ start: 0, end: 5 }, { start: 30, end: 40 }], 30)).toEqual([{ start: 0, end: 40 }]);
  });

  test('text that cannot fit in the audio is refused with both numbers', () => {
    expect(() => checkTextFitsAudio(60, 10)).not.toThrow();
    expect(() => checkTextFitsAudio(61, 10)).toThrow(CapsyncError);
    expect(() => checkTextFitsAudio(500, 12.34)).toThrow(/500 words but the audio is only 12\.3 s long/);
  });
});

describe('words.json', () => {
  const transcript = parseTranscript(TEXT);
  test('every word in order, times rounded to ms, null when unplaced; turns with their times', () => {
    const times: Array<[number, number, number] | null> = transcript.words.map((_, i) => [i + 0.12345, i + 0.56789, 0.87654]);
    times[0] = null;
    const json = buildWordsJson(timed(transcript, times), transcript, { media: 'a.mp4', duration: 20.00049, language: 'en' });
    expect(json.version).toBe(1);
    expect(json.duration).toBe(20);
    expect(json.words).toHaveLength(transcript.words.length);
    expect(json.words[0]).toEqual({ text: 'Good', start: null, end: null, confidence: 0, sentence: 0, paragraph: 0, turn: 0, source: null });
    expect(json.words[1]).toEqual({ text: 'afternoon', start: 1.123, end: 1.568, confidence: 0.877, sentence: 0, paragraph: 0, turn: 0, source: 'audio' });
    expect(json.turns).toEqual([
      { index: 0, label: 'Moderator', role: 'moderator', firstWord: 0, lastWord: 5, start: 1.123, end: 5.568 },
      { index: 1, label: 'NATO Secretary General', role: expect.any(String), firstWord: 6, lastWord: 15, start: 6.123, end: 15.568 },
    ]);
  });
});

describe('fillFromTrack', () => {
  const transcript = parseTranscript('one two three four five six seven eight');
  const trackOf = (times: Array<[number, number, 'track' | 'interpolated'] | null>): TrackAlignment =>
    ({
      timed: transcript.words.map((w, i) => ({
        index: i,
        text: w.text,
        start: times[i]?.[0] ?? null,
        end: times[i]?.[1] ?? null,
        confidence: times[i] ? 0.8 : 0,
        sentence: 0,
        paragraph: 0,
        turn: 0,
        source: times[i]?.[2] ?? null,
      })),
    }) as unknown as TrackAlignment;

  test('fills only unplaced words, marks agreement, keeps order', () => {
    const audio = timed(transcript, [[1, 1.4, 0.9], [1.5, 1.9, 0.9], null, null, null, [6, 6.4, 0.9], null, null]);
    const track = trackOf([
      [1.1, 1.5, 'track'], // agrees with audio (0.1 s)
      [2.5, 2.9, 'track'], // disagrees: audio kept, not confirmed
      [2, 2.5, 'track'], // fills
      [2.6, 3, 'interpolated'], // fills: right after a filled word
      [3.1, 3.5, 'track'], // fills
      [6.1, 6.5, 'track'],
      [5, 5.5, 'track'], // would go before its placed predecessor: refused
      [7, 7.4, 'interpolated'], // interpolated after an unfilled word: not used
    ]);
    const { words, stats } = fillFromTrack(audio, track);
    expect(words.map((w) => [w.start, w.end, w.source])).toEqual([
      [1, 1.4, 'audio+track'],
      [1.5, 1.9, 'audio'],
      [2, 2.5, 'track'],
      [2.6, 3, 'interpolated'],
      [3.1, 3.5, 'track'],
      [6, 6.4, 'audio+track'],
      [null, null, null],
      [null, null, null],
    ]);
    expect(words[2].confidence).toBe(0.8);
    expect(stats).toEqual({ filled: 3, confirmed: 2, refused: 1 });
    // Input untouched.
    expect(audio[2].start).toBeNull();
  });

  test('a filled word is clamped to end before the next audio word', () => {
    const audio = timed(transcript, [[1, 1.4, 0.9], null, [2, 2.4, 0.9], null, null, null, null, null]);
    const track = trackOf([null, [1.5, 2.1, 'track'], null, null, null, null, null, null]);
    const { words } = fillFromTrack(audio, track);
    expect([words[1].start, words[1].end]).toEqual([1.5, 2]);
  });
});
