import type { TranscriptWord } from '../types.js';
import { ESPEAK_SAMPLE_RATE, type EspeakUtterance } from './espeak.js';
import type { Features } from './features.js';

/** One synthesis unit: a sentence (or a slice of a very long one). */
export interface ReferenceUnit {
  /** Paragraph of its first word: blocks are not joined across paragraphs (speakers pause there). */
  paragraph: number;
  firstWord: number;
  /** Inclusive. */
  lastWord: number;
  /** Seconds in the reference audio. */
  start: number;
  end: number;
}

/** The transcript spoken by the reference voice, with where each word sits in it. */
export interface Reference {
  samples: Int16Array;
  sampleRate: number;
  duration: number;
  /** Per transcript word: its span in the reference (seconds), or null when the word is not spoken. */
  wordSpans: Array<{ start: number; end: number } | null>;
  units: ReferenceUnit[];
  /** MFCCs of `samples` when the synthesizer workers computed them alongside the audio. */
  features?: Features;
}

export interface UnitText {
  paragraph: number;
  firstWord: number;
  lastWord: number;
  /** Text handed to the synthesizer. */
  text: string;
  /** Per word of the unit: [start, end) character range in `text`, or null when unspoken. */
  ranges: Array<[number, number] | null>;
  /** Silence appended after the unit's speech, in milliseconds. */
  pauseAfterMs: number;
}

/**
 * Pauses between units. eSpeak ends an utterance almost at once, so without these the reference
 * runs sentences together while speakers stop between them; the fine pass then has no reference
 * silence to lay the recording's pauses on, and glues each pause to a neighbouring word.
 */
const SENTENCE_PAUSE_MS = 250;
const CLAUSE_PAUSE_MS = 120;

/** Longest unit, in words: long sentences are cut at commas so one unit stays a few seconds long. */
const MAX_UNIT_WORDS = 28;

/**
 * Group words into synthesis units (sentences, long ones cut after commas) and build each unit's
 * text from the words' spoken forms, keeping the written punctuation so the reference voice pauses
 * where a speaker would.
 */
export function planUnits(words: readonly TranscriptWord[]): UnitText[] {
  const groups: TranscriptWord[][] = [];
  let current: TranscriptWord[] = [];
  for (const word of words) {
    const newSentence = current.length > 0 && (word.sentence !== current[0].sentence || word.turn !== current[0].turn);
    if (newSentence) {
      groups.push(current);
      current = [];
    }
    current.push(word);
    if (current.length >= MAX_UNIT_WORDS && /[,;:]$/.test(word.text)) {
      groups.push(current);
      current = [];
    } else if (current.length >= MAX_UNIT_WORDS * 1.5) {
      groups.push(current);
      current = [];
    }
  }
  if (current.length > 0) groups.push(current);

  return groups.map((group) => {
    let text = '';
    const ranges: Array<[number, number] | null> = [];
    for (const word of group) {
      const spoken = word.spoken.trim();
      if (!spoken) {
        ranges.push(null);
        continue;
      }
      if (text) text += ' ';
      const start = text.length;
      text += spoken;
      ranges.push([start, text.length]);
      const punctuation = word.text.match(/[.,;:?!]+["'”’)\]]*$/)?.[0].replace(/["'”’)\]]/g, '');
      if (punctuation) text += punctuation[0];
    }
    const sentenceEnd = /[.?!]$/.test(text);
    if (text && !sentenceEnd) text += '.';
    const pauseAfterMs = sentenceEnd ? SENTENCE_PAUSE_MS : CLAUSE_PAUSE_MS;
    return { paragraph: group[0].paragraph, firstWord: group[0].index, lastWord: group[group.length - 1].index, text, ranges, pauseAfterMs };
  });
}

/**
 * Join synthesized units into one reference track. A word's reference span runs from its first
 * synthesizer word event to the next word's first event (or the end of the unit's speech).
 */
export function assembleReference(
  wordCount: number,
  units: readonly UnitText[],
  utterances: readonly EspeakUtterance[],
  sampleRate = ESPEAK_SAMPLE_RATE,
): Reference {
  const total = utterances.reduce((sum, u) => sum + u.samples.length, 0);
  const samples = new Int16Array(total);
  const wordSpans: Array<{ start: number; end: number } | null> = new Array(wordCount).fill(null);
  const referenceUnits: ReferenceUnit[] = [];
  let offset = 0;
  units.forEach((unit, u) => {
    const utterance = utterances[u];
    samples.set(utterance.samples, offset);
    const unitStart = offset / sampleRate;
    const unitEnd = (offset + utterance.samples.length) / sampleRate;
    const speechEnd = unitStart + trailingSpeechEnd(utterance.samples, sampleRate);

    // First synthesizer event inside each word's character range gives the word onset.
    const onsets: Array<number | null> = unit.ranges.map((range) => {
      if (!range) return null;
      const event = utterance.words.find((w) => w.textOffset >= range[0] && w.textOffset < range[1]);
      return event ? unitStart + event.audioMs / 1000 : null;
    });
    fillMissingOnsets(onsets, unit.ranges, unitStart, speechEnd);
    for (let k = 0; k < onsets.length; k++) {
      const start = onsets[k];
      if (start === null) continue;
      let end = speechEnd;
      for (let next = k + 1; next < onsets.length; next++) {
        const nextStart = onsets[next];
        if (nextStart !== null) {
          end = nextStart;
          break;
        }
      }
      wordSpans[unit.firstWord + k] = { start, end: Math.max(end, start + 0.02) };
    }
    referenceUnits.push({ paragraph: unit.paragraph, firstWord: unit.firstWord, lastWord: unit.lastWord, start: unitStart, end: unitEnd });
    offset += utterance.samples.length;
  });
  return { samples, sampleRate, duration: total / sampleRate, wordSpans, units: referenceUnits };
}

/** Words the synthesizer gave no event for get onsets interpolated by character position. */
function fillMissingOnsets(
  onsets: Array<number | null>,
  ranges: ReadonlyArray<[number, number] | null>,
  unitStart: number,
  speechEnd: number,
): void {
  for (let k = 0; k < onsets.length; k++) {
    if (onsets[k] !== null || !ranges[k]) continue;
    let prev = k - 1;
    while (prev >= 0 && onsets[prev] === null) prev--;
    let next = k + 1;
    while (next < onsets.length && (onsets[next] === null || !ranges[next])) next++;
    const t0 = prev >= 0 ? (onsets[prev] as number) : unitStart;
    const t1 = next < onsets.length ? (onsets[next] as number) : speechEnd;
    const c0 = prev >= 0 ? ranges[prev]![0] : 0;
    const c1 = next < onsets.length ? ranges[next]![0] : ranges[k]![1] + 1;
    const c = ranges[k]![0];
    onsets[k] = t0 + ((t1 - t0) * (c - c0)) / Math.max(1, c1 - c0);
  }
}

/** Seconds from the utterance start to the end of its last audible sound. */
function trailingSpeechEnd(samples: Int16Array, sampleRate: number): number {
  const threshold = 300;
  const block = Math.round(sampleRate * 0.005);
  for (let end = samples.length; end > 0; end -= block) {
    let peak = 0;
    for (let i = Math.max(0, end - block); i < end; i++) peak = Math.max(peak, Math.abs(samples[i]));
    if (peak > threshold) return end / sampleRate;
  }
  return samples.length / sampleRate;
}
