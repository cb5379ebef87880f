/**
 * Small transcript builder for chapter tests: labelled turns of paragraphs → Transcript and
 * TimedWord[] with simple timings (0.4 s a word, pauses at sentences/paragraphs/turns).
 * Independent of the text stage's parser on purpose.
 */
import type { SpeakerTurn, TimedWord, Transcript, TranscriptWord } from '../../src/types.js';

export interface TurnSpec {
  label: string | null;
  role: SpeakerTurn['role'];
  paragraphs: string[];
}

export const host = (...paragraphs: string[]): TurnSpec => ({ label: 'NATO Secretary General', role: 'host', paragraphs });
export const moderator = (...paragraphs: string[]): TurnSpec => ({ label: 'Moderator', role: 'moderator', paragraphs });
export const question = (...paragraphs: string[]): TurnSpec => ({ label: 'Question', role: 'question', paragraphs });
export const plain = (...paragraphs: string[]): TurnSpec => ({ label: null, role: null, paragraphs });

export interface Talk {
  words: TimedWord[];
  transcript: Transcript;
  /** Time after the last word plus `tail`. */
  duration: number;
  /** Word index of the first word of each paragraph, in order (to name expected boundaries). */
  paragraphStarts: number[];
  text: string;
}

export function buildTalk(turns: TurnSpec[], options: { preroll?: number; tail?: number; secondsPerWord?: number } = {}): Talk {
  const words: TranscriptWord[] = [];
  const tTurns: SpeakerTurn[] = [];
  const paragraphs: Transcript['paragraphs'] = [];
  const paragraphStarts: number[] = [];
  let sentence = 0;
  let pos = 0;
  turns.forEach((spec, ti) => {
    tTurns.push({ index: ti, label: spec.label, role: spec.role, firstWord: words.length, lastWord: words.length - 1 });
    for (const para of spec.paragraphs) {
      const pi = paragraphs.length;
      paragraphs.push({ index: pi, firstWord: words.length, lastWord: words.length - 1 });
      paragraphStarts.push(words.length);
      for (const token of para.trim().split(/\s+/)) {
        words.push({ index: words.length, text: token, spoken: token.toLowerCase(), paragraph: pi, sentence, turn: ti, charStart: pos, charEnd: pos + token.length });
        pos += token.length + 1;
        if (/[.?!]["')]*$/.test(token)) sentence++;
      }
      if (words[words.length - 1]!.sentence === sentence) sentence++;
      paragraphs[pi]!.lastWord = words.length - 1;
    }
    tTurns[ti]!.lastWord = words.length - 1;
  });
  const spw = options.secondsPerWord ?? 0.4;
  let t = options.preroll ?? 3;
  const timed: TimedWord[] = words.map((w, i) => {
    const start = Math.round(t * 1000) / 1000;
    const end = Math.round((t + spw * 0.85) * 1000) / 1000;
    t += spw;
    const next = words[i + 1];
    if (next && next.turn !== w.turn) t += 1.5;
    else if (next && next.paragraph !== w.paragraph) t += 0.8;
    else if (next && next.sentence !== w.sentence) t += 0.3;
    return { index: w.index, text: w.text, start, end, confidence: 0.9, sentence: w.sentence, paragraph: w.paragraph, turn: w.turn, source: 'audio' };
  });
  const transcript: Transcript = { words, turns: tTurns, paragraphs, language: 'en', source: tTurns.some((x) => x.label) ? 'labelled' : 'plain', continuesAt: null };
  return { words: timed, transcript, duration: t + (options.tail ?? 5), paragraphStarts, text: words.map((w) => w.text).join(' ') };
}

/** Text of a chapter's words. */
export function chapterText(talk: Talk, firstWord: number | null, lastWord: number | null): string {
  if (firstWord === null || lastWord === null) return '';
  return talk.words.slice(firstWord, lastWord + 1).map((w) => w.text).join(' ');
}

/** Lower-case word forms of a text, for "every title word comes from the segment". */
export function wordSet(text: string): Set<string> {
  return new Set(text.toLowerCase().split(/[^\p{L}\p{N}'-]+/u).map((w) => w.replace(/^'+|'+$/g, '')).filter(Boolean));
}

/** Repeat a sentence pattern to make a topic of a given length without changing its vocabulary. */
export function topic(sentences: string[], times = 1): string {
  return Array.from({ length: times }, () => sentences.join(' ')).join(' ');
}
