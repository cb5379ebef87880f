/**
 * `<stem>.words.json`: every transcript word in transcript order with its time (null when it
 * could not be placed), plus the speaker turns, so a reader can rebuild captions or search.
 */
import type { SpeakerTurn, TimedWord, Transcript } from '../types.js';
import { ms } from './format.js';

/** A timed word as written to words.json: its position in the array is its index. */
export type WordsJsonWord = Omit<TimedWord, 'index'>;

export interface WordsJsonTurn {
  index: number;
  label: string | null;
  role: SpeakerTurn['role'];
  firstWord: number;
  lastWord: number;
  /** Onset of the turn's first placed word, null when none of its words was placed. */
  start: number | null;
  /** End of the turn's last placed word. */
  end: number | null;
}

export interface WordsJson {
  version: 1;
  media: string | null;
  duration: number;
  language: string;
  words: WordsJsonWord[];
  turns: WordsJsonTurn[];
}

export function buildWordsJson(
  words: readonly TimedWord[],
  transcript: Transcript,
  info: { media: string | null; duration: number; language: string },
): WordsJson {
  const turns: WordsJsonTurn[] = transcript.turns.map((turn) => {
    let start: number | null = null;
    let end: number | null = null;
    for (let i = turn.firstWord; i <= turn.lastWord; i++) {
      const w = words[i];
      if (!w || w.start === null || w.end === null) continue;
      start ??= w.start;
      end = w.end;
    }
    return {
      index: turn.index,
      label: turn.label,
      role: turn.role,
      firstWord: turn.firstWord,
      lastWord: turn.lastWord,
      start: start === null ? null : ms(start),
      end: end === null ? null : ms(end),
    };
  });
  return {
    version: 1,
    media: info.media,
    duration: ms(info.duration),
    language: info.language,
    words: words.map((w) => ({
      text: w.text,
      start: w.start === null ? null : ms(w.start),
      end: w.end === null ? null : ms(w.end),
      confidence: Math.round(w.confidence * 1000) / 1000,
      sentence: w.sentence,
      paragraph: w.paragraph,
      turn: w.turn,
      source: w.start === null ? null : w.source,
    })),
    turns,
  };
}
