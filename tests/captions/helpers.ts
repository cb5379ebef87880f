import { WebVTTParser } from 'webvtt-parser';
import type { Cue, SpeakerTurn, TimedWord } from '../../src/types.js';

/** Timing of one word: explicit, or laid out by `speak`. */
export interface WordSpec {
  text: string;
  start: number | null;
  end: number | null;
  turn?: number;
}

/** TimedWords from explicit specs; sentences counted from full stops, like the text stage does. */
export function timedWords(specs: readonly WordSpec[]): TimedWord[] {
  let sentence = 0;
  let prevTurn = specs[0]?.turn ?? 0;
  return specs.map((spec, index) => {
    const turn = spec.turn ?? 0;
    if (turn !== prevTurn && index > 0 && !/[.!?]$/.test(specs[index - 1].text)) sentence++;
    prevTurn = turn;
    const word: TimedWord = {
      index,
      text: spec.text,
      start: spec.start,
      end: spec.end,
      confidence: spec.start === null ? 0 : 0.9,
      sentence,
      paragraph: 0,
      turn,
      source: spec.start === null ? null : 'audio',
    };
    if (/[.!?]["”’)]*$/.test(spec.text)) sentence++;
    return word;
  });
}

/**
 * Words of `text` spoken one after another from `start`: each word takes `perChar` seconds
 * per character (+0.05 s), with `gap` seconds between words and `sentenceGap` after a full stop.
 */
export function speak(
  text: string,
  { start = 1, perChar = 0.06, gap = 0.05, sentenceGap = 0.3, turn = 0 }: { start?: number; perChar?: number; gap?: number; sentenceGap?: number; turn?: number } = {},
): WordSpec[] {
  let t = start;
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => {
      const s = t;
      const e = s + 0.05 + perChar * w.length;
      t = e + gap + (/[.!?]$/.test(w) ? sentenceGap : 0);
      return { text: w, start: round(s), end: round(e), turn };
    });
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

export function turnsOf(labels: Array<string | null>, words: readonly TimedWord[]): SpeakerTurn[] {
  return labels.map((label, index) => {
    const own = words.filter((w) => w.turn === index).map((w) => w.index);
    return { index, label, role: null, firstWord: Math.min(...own), lastWord: Math.max(...own) };
  });
}

/** Cue text without a speaker marker. */
export function cueText(cue: Cue): string {
  return cue.lines.join(' ').replace(/^(?:>>|-)(?: [^:]*:)? /, '');
}

export function vttErrors(text: string): Array<{ message: string; line: number }> {
  return new WebVTTParser().parse(text, 'subtitles').errors;
}

export const FRAME = 1 / 25;
