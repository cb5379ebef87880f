/**
 * The review queue: every doubtful spot of report.json (passages not found, low-confidence
 * stretches, speech with no text, chapter and other warnings, chapters moved to a sentence
 * onset) plus isolated weak words from
 * words.json, ordered by how much a reviewer's look is worth. Reads the report defensively:
 * it may come from an older or newer capsync, so a malformed item becomes a note rather
 * than being dropped, and fields this code does not know are shown as they are.
 */
import type { ReviewChapter, ReviewSpot, ReviewWords, SpotKind } from './types.js';

/**
 * Kinds in order of importance: text missing from the captions, captions likely mistimed,
 * chapters YouTube would refuse, speech nobody captioned, single weak words, other notes.
 */
const KIND_RANK: Readonly<Record<SpotKind, number>> = {
  'not-found': 6,
  'low-confidence': 5,
  chapters: 4,
  'speech-without-text': 3,
  'weak-words': 2,
  note: 1,
};

/** Fields of each report list this page knows; anything else on an item is shown as "extra". */
const KNOWN_FIELDS: Readonly<Record<string, readonly string[]>> = {
  notFound: ['firstWord', 'lastWord', 'words', 'text'],
  lowConfidence: ['firstWord', 'lastWord', 'start', 'end', 'words', 'meanConfidence', 'text'],
  speechWithoutText: ['start', 'end', 'duration'],
};

export interface SpotInputs {
  /** report.json as parsed, unchecked. */
  report: unknown;
  words: ReviewWords;
  chapters: readonly ReviewChapter[];
  duration: number;
  lowConfidenceThreshold: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function clock(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds + 1e-6));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

function extraFields(item: Record<string, unknown>, known: readonly string[]): string | null {
  const extra = Object.entries(item)
    .filter(([k]) => !known.includes(k))
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return extra.length ? extra.join('; ') : null;
}

/** Where a run of unplaced words belongs: from the last placed word before it to the first placed one after. */
export function gapOfWords(words: ReviewWords, firstWord: number, lastWord: number, duration: number): { start: number; end: number } {
  let start = 0;
  for (let i = Math.min(firstWord, words.end.length) - 1; i >= 0; i--) {
    const e = words.end[i];
    if (e !== null && e !== undefined) {
      start = e;
      break;
    }
  }
  let end = duration;
  for (let i = Math.max(0, lastWord + 1); i < words.start.length; i++) {
    const s = words.start[i];
    if (s !== null && s !== undefined) {
      end = s;
      break;
    }
  }
  return end >= start ? { start, end } : { start: end, end: start };
}

function wordsText(words: ReviewWords, first: number, last: number): string {
  return words.text.slice(first, last + 1).join(' ');
}

/** Every doubtful spot, most important first (ties in time order). */
export function reviewSpots(inputs: SpotInputs): ReviewSpot[] {
  const { words, chapters, duration } = inputs;
  const report = isRecord(inputs.report) ? inputs.report : {};
  const spots: ReviewSpot[] = [];
  const nWords = words.text.length;
  const validRange = (a: number | null, b: number | null): a is number => a !== null && b !== null && a >= 0 && b >= a && b < nWords;
  const note = (reportList: string, index: number, item: unknown): void => {
    spots.push({
      id: `note:${reportList}:${index}`,
      kind: 'note',
      reportIndex: index,
      start: null,
      end: null,
      firstWord: null,
      lastWord: null,
      title: `An entry of report.json's ${reportList} this page cannot read`,
      text: JSON.stringify(item),
      importance: KIND_RANK.note,
      extra: null,
    });
  };

  list(report.notFound).forEach((item, index) => {
    const first = isRecord(item) ? num(item.firstWord) : null;
    const last = isRecord(item) ? num(item.lastWord) : null;
    if (!isRecord(item) || !validRange(first, last)) return note('notFound', index, item);
    const count = last! - first + 1;
    const gap = gapOfWords(words, first, last!, duration);
    spots.push({
      id: `not-found:${index}`,
      kind: 'not-found',
      reportIndex: index,
      start: gap.start,
      end: gap.end,
      firstWord: first,
      lastWord: last,
      title: `Not found in the audio: ${count} word${count === 1 ? '' : 's'} (would sit at ${clock(gap.start)}–${clock(gap.end)})`,
      text: typeof item.text === 'string' ? item.text : wordsText(words, first, last!),
      // More missing words matter more; 200 words and up count the same.
      importance: KIND_RANK['not-found'] + Math.min(count, 200) / 201,
      extra: extraFields(item, KNOWN_FIELDS.notFound),
    });
  });

  const inStretch = new Uint8Array(nWords);
  list(report.lowConfidence).forEach((item, index) => {
    const first = isRecord(item) ? num(item.firstWord) : null;
    const last = isRecord(item) ? num(item.lastWord) : null;
    const start = isRecord(item) ? num(item.start) : null;
    const end = isRecord(item) ? num(item.end) : null;
    if (!isRecord(item) || !validRange(first, last) || start === null || end === null) return note('lowConfidence', index, item);
    for (let i = first; i <= last!; i++) inStretch[i] = 1;
    const mean = num(item.meanConfidence);
    const count = last! - first + 1;
    spots.push({
      id: `low-confidence:${index}`,
      kind: 'low-confidence',
      reportIndex: index,
      start,
      end,
      firstWord: first,
      lastWord: last,
      title: `Low confidence: ${count} words${mean === null ? '' : `, mean ${mean.toFixed(2)}`}`,
      text: typeof item.text === 'string' ? item.text : wordsText(words, first, last!),
      // Longer and weaker stretches first.
      importance: KIND_RANK['low-confidence'] + (Math.min(count, 100) / 101) * (1 - (mean ?? 0) * 0.5),
      extra: extraFields(item, KNOWN_FIELDS.lowConfidence),
    });
  });

  list(report.speechWithoutText).forEach((item, index) => {
    const start = isRecord(item) ? num(item.start) : null;
    const end = isRecord(item) ? num(item.end) : null;
    if (!isRecord(item) || start === null || end === null || end < start) return note('speechWithoutText', index, item);
    spots.push({
      id: `speech-without-text:${index}`,
      kind: 'speech-without-text',
      reportIndex: index,
      start,
      end,
      firstWord: null,
      lastWord: null,
      title: `Speech with no text: ${clock(start)}–${clock(end)} (${(end - start).toFixed(1)} s)`,
      text: 'Speech-like audio where no transcript word was placed: untranscribed speech, an ad-lib, or music and applause the detector took for speech.',
      // Longer first; ten minutes and up count the same.
      importance: KIND_RANK['speech-without-text'] + Math.min(end - start, 600) / 601,
      extra: extraFields(item, KNOWN_FIELDS.speechWithoutText),
    });
  });

  list(report.warnings).forEach((item, index) => {
    if (typeof item !== 'string') return note('warnings', index, item);
    const chapterWarning = /^chapters:\s*/u.test(item);
    const text = item.replace(/^chapters:\s*/u, '');
    // "Chapter 3 "Title" (1:02) is shorter than 10 s." names the chapter to jump to.
    const numbered = /\bChapter (\d+)\b/u.exec(text);
    const chapter = numbered ? chapters[Number(numbered[1]) - 1] : chapterWarning ? chapters[0] : undefined;
    const start = chapter ? chapter.start : null;
    spots.push({
      id: `${chapterWarning ? 'chapters' : 'note'}:${index}`,
      kind: chapterWarning ? 'chapters' : 'note',
      reportIndex: index,
      start,
      end: start === null ? null : Math.min(duration, start + 5),
      firstWord: null,
      lastWord: null,
      title: chapterWarning ? 'Chapters YouTube would refuse' : 'Note from the report',
      text,
      importance: chapterWarning ? KIND_RANK.chapters : KIND_RANK.note,
      extra: null,
    });
  });

  // Chapters of the user's that capsync moved to a sentence onset (report.chapters.moved), and
  // chapter problems the report lists there but not among its warnings.
  const chaptersReport = isRecord(report.chapters) ? report.chapters : {};
  list(chaptersReport.moved).forEach((item, index) => {
    const to = isRecord(item) ? num(item.to) : null;
    const from = isRecord(item) ? num(item.from) : null;
    if (!isRecord(item) || to === null) return note('chapters.moved', index, item);
    const title = typeof item.title === 'string' ? item.title : '';
    spots.push({
      id: `chapter-moved:${index}`,
      kind: 'chapters',
      reportIndex: index,
      start: to,
      end: Math.min(duration, to + 5),
      firstWord: null,
      lastWord: null,
      title: `Chapter moved to a sentence onset${from === null ? '' : `: ${clock(from)} → ${clock(to)}`}`,
      text: title,
      // Below the chapters YouTube would refuse: a move is a check, not a fault.
      importance: KIND_RANK.chapters - 0.5,
      extra: null,
    });
  });
  const warned = new Set(list(report.warnings).filter((w): w is string => typeof w === 'string').map((w) => w.replace(/^chapters:\s*/u, '')));
  list(chaptersReport.problems).forEach((item, index) => {
    if (typeof item !== 'string' || warned.has(item)) return;
    const numbered = /\bChapter (\d+)\b/u.exec(item);
    const chapter = numbered ? chapters[Number(numbered[1]) - 1] : chapters[0];
    spots.push({
      id: `chapter-problem:${index}`,
      kind: 'chapters',
      reportIndex: index,
      start: chapter ? chapter.start : null,
      end: chapter ? Math.min(duration, chapter.start + 5) : null,
      firstWord: null,
      lastWord: null,
      title: 'Chapters YouTube would refuse',
      text: item,
      importance: KIND_RANK.chapters,
      extra: null,
    });
  });

  // Weak words outside the report's stretches (runs shorter than its minimum), one spot per run.
  const threshold = inputs.lowConfidenceThreshold;
  let runStart = -1;
  let weakIndex = 0;
  const closeRun = (endExclusive: number): void => {
    if (runStart < 0) return;
    const first = runStart;
    let last = endExclusive - 1;
    while (last > first && words.start[last] === null) last--;
    const start = words.start[first]!;
    const end = words.end[last] ?? start;
    let min = 1;
    for (let i = first; i <= last; i++) if (words.start[i] !== null) min = Math.min(min, words.confidence[i]);
    const count = last - first + 1;
    spots.push({
      id: `weak-words:${weakIndex++}`,
      kind: 'weak-words',
      reportIndex: null,
      start,
      end,
      firstWord: first,
      lastWord: last,
      title: `Weak word${count === 1 ? '' : 's'}: confidence ${min.toFixed(2)}`,
      text: wordsText(words, first, last),
      importance: KIND_RANK['weak-words'] + (1 - min) * 0.99,
      extra: null,
    });
    runStart = -1;
  };
  for (let i = 0; i < nWords; i++) {
    const placed = words.start[i] !== null && words.end[i] !== null;
    if (!placed) continue; // unplaced words neither count nor break a run
    const weak = words.confidence[i] < threshold && !inStretch[i];
    if (weak && runStart < 0) runStart = i;
    else if (!weak) closeRun(i);
  }
  closeRun(nWords);

  return spots.sort((a, b) => b.importance - a.importance || (a.start ?? Infinity) - (b.start ?? Infinity));
}
