import { describe, expect, it } from 'vitest';
import { assembleReference, planUnits } from '../../src/align/reference.js';
import type { EspeakUtterance } from '../../src/align/espeak.js';
import type { TranscriptWord } from '../../src/types.js';

/**
 * Transcript words from sentences (one string each). Spoken forms are the lower-cased word without
 * punctuation; a token with nothing to say (a dash) gets an empty spoken form, as the text stage does.
 */
function words(sentences: Array<string | { text: string; paragraph?: number; turn?: number }>): TranscriptWord[] {
  const out: TranscriptWord[] = [];
  sentences.forEach((entry, sentence) => {
    const { text, paragraph = 0, turn = 0 } = typeof entry === 'string' ? { text: entry } : entry;
    for (const token of text.split(' ')) {
      const spoken = token.toLowerCase().replace(/[^a-z0-9']/g, '');
      out.push({ index: out.length, text: token, spoken, paragraph, sentence, turn, charStart: 0, charEnd: 0 });
    }
  });
  return out;
}

/** `count` numbered words as one sentence, with the given punctuation after some of them. */
function longSentence(count: number, punctuation: Record<number, string> = {}): string {
  return Array.from({ length: count }, (_, k) => `w${k}${punctuation[k] ?? ''}`).join(' ') + '.';
}

describe('planUnits', () => {
  it('makes one unit per sentence with the spoken forms, written punctuation and word ranges', () => {
    const units = planUnits(words(['Hello world.', 'Good morning, everyone.']));
    expect(units).toEqual([
      { paragraph: 0, firstWord: 0, lastWord: 1, text: 'hello world.', ranges: [[0, 5], [6, 11]], pauseAfterMs: 250 },
      { paragraph: 0, firstWord: 2, lastWord: 4, text: 'good morning, everyone.', ranges: [[0, 4], [5, 12], [14, 22]], pauseAfterMs: 250 },
    ]);
  });

  it('cuts a long sentence after the first comma at or past 28 words, with a clause pause', () => {
    // 40 words; a comma after word 10 (too early to cut) and after word 29 (the 30th).
    const units = planUnits(words([longSentence(40, { 10: ',', 29: ',' })]));
    expect(units.map((u) => [u.firstWord, u.lastWord])).toEqual([
      [0, 29],
      [30, 39],
    ]);
    expect(units[0].pauseAfterMs).toBe(120);
    expect(units[0].text.startsWith('w0 w1')).toBe(true);
    expect(units[0].text).toContain('w10, w11');
    expect(units[1].pauseAfterMs).toBe(250);
    expect(units[1].text.endsWith('w39.')).toBe(true);
    // Ranges are relative to each unit's own text.
    expect(units[1].ranges[0]).toEqual([0, 3]);
    expect(units[1].text.slice(...units[1].ranges[9]!)).toBe('w39');
  });

  it('cuts a sentence with no comma at 42 words', () => {
    const units = planUnits(words([longSentence(50)]));
    expect(units.map((u) => [u.firstWord, u.lastWord])).toEqual([
      [0, 41],
      [42, 49],
    ]);
    expect(units[0].pauseAfterMs).toBe(120);
  });

  it('starts a new unit at a new speaker turn, and takes the paragraph of its first word', () => {
    const transcript = words(['Thank you.', { text: 'Next question please.', paragraph: 1, turn: 1 }]);
    // Same sentence index, different turn: still two units.
    transcript[2].sentence = transcript[3].sentence = transcript[4].sentence = 0;
    const units = planUnits(transcript);
    expect(units.map((u) => [u.firstWord, u.lastWord, u.paragraph])).toEqual([
      [0, 1, 0],
      [2, 4, 1],
    ]);
  });

  it('gives unspoken words a null range and no text', () => {
    const units = planUnits(words(['Costs – rose.']));
    expect(units[0].text).toBe('costs rose.');
    expect(units[0].ranges).toEqual([[0, 5], null, [6, 10]]);
    expect(units[0].lastWord).toBe(2);
  });

  it('keeps the first punctuation mark even behind closing quotes', () => {
    const units = planUnits(words(['He said "no."', 'Really?!']));
    expect(units[0].text).toBe('he said no.');
    expect(units[1].text).toBe('really?');
    expect(units[1].pauseAfterMs).toBe(250);
  });
});

/** Utterance of `length` samples at 1 kHz with sound up to `soundUntil`, and the given word events. */
function utterance(length: number, soundUntil: number, events: Array<[textOffset: number, audioMs: number]>): EspeakUtterance {
  const samples = new Int16Array(length);
  for (let i = 0; i < soundUntil; i++) samples[i] = i % 2 ? 5000 : -5000;
  return { samples, words: events.map(([textOffset, audioMs]) => ({ textOffset, audioMs })) };
}

describe('assembleReference', () => {
  const SR = 1000;
  const transcript = words(['Hello world.', 'Good morning, everyone.']);
  const units = planUnits(transcript);

  it('joins the utterances and spans each word from its onset to the next word onset or the end of sound', () => {
    // "hello world.": events at 100 ms and 400 ms, sound until 0.8 s of 1 s.
    // "good morning, everyone.": 'morning' (chars 5..12) has no event; sound until 0.45 s of 0.5 s.
    const first = utterance(1000, 800, [[0, 100], [6, 400]]);
    const second = utterance(500, 450, [[0, 50], [14, 300]]);
    const reference = assembleReference(transcript.length, units, [first, second], SR);
    expect(reference.sampleRate).toBe(SR);
    expect(reference.duration).toBeCloseTo(1.5, 9);
    expect(reference.samples.length).toBe(1500);
    expect(reference.samples[1000]).toBe(second.samples[0]);
    expect(reference.samples[999]).toBe(0);
    expect(reference.units).toEqual([
      { paragraph: 0, firstWord: 0, lastWord: 1, start: 0, end: 1 },
      { paragraph: 0, firstWord: 2, lastWord: 4, start: 1, end: 1.5 },
    ]);
    const spans = reference.wordSpans;
    expect(spans[0]!.start).toBeCloseTo(0.1, 9);
    expect(spans[0]!.end).toBeCloseTo(0.4, 9);
    expect(spans[1]!.start).toBeCloseTo(0.4, 9);
    // The unit's trailing silence is not part of its last word.
    expect(spans[1]!.end).toBeCloseTo(0.8, 9);
    // Second unit: offset by the first utterance's length.
    expect(spans[2]!.start).toBeCloseTo(1.05, 9);
    // 'morning' interpolated by character position between 'good' (char 0) and 'everyone' (char 14).
    const morning = 1.05 + (0.25 * 5) / 14;
    expect(spans[2]!.end).toBeCloseTo(morning, 9);
    expect(spans[3]!.start).toBeCloseTo(morning, 9);
    expect(spans[3]!.end).toBeCloseTo(1.3, 9);
    expect(spans[4]!.start).toBeCloseTo(1.3, 9);
    expect(spans[4]!.end).toBeCloseTo(1.45, 9);
  });

  it('interpolates a missing last word between the previous onset and the end of sound', () => {
    const reference = assembleReference(2, [units[0]], [utterance(1000, 800, [[0, 100]])], SR);
    // 'world' starts at char 6 of a span that runs to char 12 (its end + 1): 0.1 + 0.7 × 6 / 12.
    expect(reference.wordSpans[1]!.start).toBeCloseTo(0.45, 9);
    expect(reference.wordSpans[1]!.end).toBeCloseTo(0.8, 9);
    expect(reference.wordSpans[0]!.end).toBeCloseTo(0.45, 9);
  });

  it('puts a first word without an event at the unit start', () => {
    const reference = assembleReference(2, [units[0]], [utterance(1000, 800, [[6, 400]])], SR);
    expect(reference.wordSpans[0]).toEqual({ start: 0, end: 0.4 });
  });

  it('assigns an event anywhere inside a word range to that word, and ignores events between words', () => {
    // Offset 2 is inside 'hello'; offset 5 is the space between the words.
    const reference = assembleReference(2, [units[0]], [utterance(1000, 800, [[5, 50], [2, 100], [6, 400]])], SR);
    expect(reference.wordSpans[0]!.start).toBeCloseTo(0.1, 9);
  });

  it('leaves unspoken words null, lets the word before run to the next spoken one, and keeps spans at least 20 ms', () => {
    const dash = words(['Costs – rose.']);
    const plan = planUnits(dash);
    // 'costs' and 'rose' both report 200 ms: the first would be empty.
    const reference = assembleReference(4, plan, [utterance(600, 500, [[0, 200], [6, 200]])], SR);
    expect(reference.wordSpans[1]).toBeNull();
    expect(reference.wordSpans[0]!.start).toBeCloseTo(0.2, 9);
    expect(reference.wordSpans[0]!.end).toBeCloseTo(0.22, 9);
    expect(reference.wordSpans[2]!.end).toBeCloseTo(0.5, 9);
    // Words outside every unit stay null.
    expect(reference.wordSpans[3]).toBeNull();
    expect(reference.wordSpans.length).toBe(4);
  });

  it('ends the last word at the end of the utterance when the sound runs to the end', () => {
    const reference = assembleReference(2, [units[0]], [utterance(700, 700, [[0, 100], [6, 400]])], SR);
    expect(reference.wordSpans[1]!.end).toBeCloseTo(0.7, 9);
  });
});
