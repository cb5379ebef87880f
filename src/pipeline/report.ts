/**
 * The QA report (`<stem>.report.json`): where the transcript was found in the recording, what
 * was left over on either side, and where the placement is doubtful. Pure functions over the
 * alignment's output, so they are tested without audio.
 */
import type { ChaptersReport } from './chapterPlan.js';
import type { TimedWord, TimeSpan, TimingSource, Transcript } from '../types.js';
import { clipText, formatSpan, formatClock, ms } from './format.js';

/** Words below this confidence are doubtful; runs of them are reported. */
export const LOW_CONFIDENCE = 0.5;
/** A doubtful stretch needs this many placed words (single weak words are normal noise). */
export const MIN_LOW_CONFIDENCE_WORDS = 3;

export interface NotFoundPassage {
  firstWord: number;
  /** Inclusive. */
  lastWord: number;
  words: number;
  text: string;
}

export interface LowConfidenceStretch {
  firstWord: number;
  /** Inclusive. */
  lastWord: number;
  start: number;
  end: number;
  words: number;
  meanConfidence: number;
  text: string;
}

export interface GenerateReport {
  version: 1;
  media: string | null;
  duration: number;
  language: string;
  transcriptSource: Transcript['source'];
  /** How word times were obtained: the audio, a timing track, or both. */
  timingFrom: 'audio' | 'track' | 'audio+track';
  words: {
    total: number;
    /** Words with something to say (a lone dash is shown but not spoken). */
    spoken: number;
    placed: number;
    unplaced: number;
    bySource: Partial<Record<TimingSource, number>>;
  };
  coverage: {
    /** Time spans of the recording the transcript covers. */
    spans: TimeSpan[];
    coveredSeconds: number;
    /** "transcript covers 0:05–3:40 of 12:00". */
    note: string;
  };
  /** Speech-like audio where no transcript word was placed (untranscribed speech, ad-libs). */
  speechWithoutText: Array<TimeSpan & { duration: number }>;
  /** Transcript passages not found in the audio; their words have null times. */
  notFound: NotFoundPassage[];
  /** Runs of placed words whose confidence is below LOW_CONFIDENCE. */
  lowConfidence: LowConfidenceStretch[];
  lowConfidenceThreshold: number;
  /** Seconds per stage and in total. */
  timings: Record<string, number>;
  /** Non-fatal problems worth a look (chapters YouTube would refuse, description notes…). */
  warnings: string[];
  /** With `--timing-from`: the track, how it matched the transcript, and what it filled. */
  track?: {
    file: string;
    format: string;
    precision: string;
    stats: Record<string, number>;
    merge?: { filled: number; confirmed: number; refused: number };
  };
  /** Whose chapters were published (kept from the description, a file or the info.json, or automatic), the kept ones moved, and what YouTube would refuse. */
  chapters?: ChaptersReport;
}

/** Merge a list of passages into runs of consecutive unplaced words when the aligner gave none. */
export function unplacedPassages(words: readonly TimedWord[], transcript: Transcript): NotFoundPassage[] {
  const passages: NotFoundPassage[] = [];
  let first = -1;
  const spoken = (i: number) => transcript.words[i]?.spoken !== '';
  for (let i = 0; i <= words.length; i++) {
    const open = i < words.length && words[i].start === null;
    if (open && first < 0 && spoken(i)) first = i;
    if (!open && first >= 0) {
      passages.push(passage(transcript, first, i - 1));
      first = -1;
    }
  }
  return passages;
}

/** A transcript passage with its text. */
export function passage(transcript: Transcript, firstWord: number, lastWord: number): NotFoundPassage {
  const text = transcript.words
    .slice(firstWord, lastWord + 1)
    .map((w) => w.text)
    .join(' ');
  return { firstWord, lastWord, words: lastWord - firstWord + 1, text };
}

/**
 * Runs of placed words with confidence below `threshold`. Unplaced words and unspoken tokens
 * (dashes) neither count nor break a run; a confident word ends it.
 */
export function lowConfidenceStretches(
  words: readonly TimedWord[],
  transcript: Transcript,
  threshold = LOW_CONFIDENCE,
  minWords = MIN_LOW_CONFIDENCE_WORDS,
): LowConfidenceStretch[] {
  const out: LowConfidenceStretch[] = [];
  let run: TimedWord[] = [];
  const close = () => {
    if (run.length >= minWords) {
      const first = run[0];
      const last = run[run.length - 1];
      out.push({
        firstWord: first.index,
        lastWord: last.index,
        start: ms(first.start!),
        end: ms(last.end!),
        words: run.length,
        meanConfidence: Math.round((run.reduce((a, w) => a + w.confidence, 0) / run.length) * 1000) / 1000,
        text: clipText(passage(transcript, first.index, last.index).text, 160),
      });
    }
    run = [];
  };
  for (const word of words) {
    if (word.start === null || word.end === null) continue;
    if (transcript.words[word.index]?.spoken === '') continue;
    if (word.confidence < threshold) run.push(word);
    else close();
  }
  close();
  return out;
}

/** "transcript covers 0:05–3:40 of 12:00" (or "… not found anywhere in 12:00"). */
export function coverageNote(spans: readonly TimeSpan[], duration: number): string {
  if (spans.length === 0) return `transcript not found anywhere in the ${formatClock(duration)} of audio`;
  const list = spans.map(formatSpan);
  const joined = list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
  return `transcript covers ${joined} of ${formatClock(duration)}`;
}

/**
 * Spans of the recording covered by placed words, joining words closer than `maxGap` seconds
 * (used when the timing came from a track alone, where no located blocks exist).
 */
export function spansOfWords(words: readonly TimedWord[], maxGap = 30): TimeSpan[] {
  const spans: TimeSpan[] = [];
  for (const w of words) {
    if (w.start === null || w.end === null) continue;
    const last = spans[spans.length - 1];
    if (last && w.start - last.end <= maxGap) last.end = Math.max(last.end, w.end);
    else spans.push({ start: w.start, end: w.end });
  }
  return spans.map((s) => ({ start: ms(s.start), end: ms(s.end) }));
}

export function countBySource(words: readonly TimedWord[]): Partial<Record<TimingSource, number>> {
  const counts: Partial<Record<TimingSource, number>> = {};
  for (const w of words) if (w.start !== null && w.source) counts[w.source] = (counts[w.source] ?? 0) + 1;
  return counts;
}
