/**
 * Everything the review page shows, gathered from a run's outputs: captions (as written to
 * `<stem>.vtt`), chapters, words.json, report.json and metadata.json, plus the media's place
 * and loudness. Pure: `generate --review` passes what it is about to write, `capsync review`
 * what it read back, so both make the same page.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { parseCaptionFile } from '../captions/parse.js';
import { ruleLimits, type RuleLimits } from '../captions/rules.js';
import { CapsyncError } from '../util/errors.js';
import type { LoudnessEnvelope } from './envelope.js';
import { reviewSpots } from './model/spots.js';
import type { ReviewChapter, ReviewCue, ReviewData, ReviewSpans, ReviewTurn, ReviewWords } from './model/types.js';

/** YouTube's shortest chapter, seconds (what `generate` checks unless told otherwise). */
export const DEFAULT_MIN_CHAPTER_SECONDS = 10;
/** Below this confidence a word is doubtful (report.json says which threshold it used). */
const DEFAULT_LOW_CONFIDENCE = 0.5;

const AUDIO_EXTENSIONS = new Set(['.mp3', '.m4a', '.wav', '.ogg', '.oga', '.opus', '.flac', '.aac', '.wma']);

export interface ReviewSources {
  stem: string;
  /** Text of `<stem>.vtt`. */
  vtt: string;
  /** Chapters in order (from `<stem>.chapters.vtt` or `.chapters.txt`). */
  chapters: ReadonlyArray<{ start: number; title: string }>;
  /** `<stem>.words.json`, parsed. */
  words: unknown;
  /** `<stem>.report.json`, parsed. */
  report: unknown;
  /** `<stem>.metadata.json`, parsed, or null when absent. */
  metadata: unknown;
  /** Relative URL from the page's folder to the media, and the media's file name. */
  media: { href: string; name: string };
  envelope: LoudnessEnvelope | null;
  minChapterSeconds?: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A relative URL (forward slashes, each segment escaped) from `fromDir` to `file`. */
export function relativeHref(fromDir: string, file: string): string {
  const relative = path.relative(path.resolve(fromDir), path.resolve(file)).split(path.sep);
  return relative.map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment))).join('/');
}

export function mediaKindOf(file: string): 'video' | 'audio' {
  return AUDIO_EXTENSIONS.has(path.extname(file).toLowerCase()) ? 'audio' : 'video';
}

function readWords(value: unknown): { words: ReviewWords; turns: ReviewTurn[]; duration: number | null } {
  if (!isRecord(value) || !Array.isArray(value.words)) throw new CapsyncError('REVIEW_INPUT', 'words.json has no "words" list');
  const words: ReviewWords = { text: [], start: [], end: [], confidence: [], paragraph: [], turn: [] };
  value.words.forEach((w, i) => {
    if (!isRecord(w) || typeof w.text !== 'string') throw new CapsyncError('REVIEW_INPUT', `words.json word ${i} has no text`);
    const start = num(w.start);
    const end = num(w.end);
    const placed = start !== null && end !== null;
    words.text.push(w.text);
    words.start.push(placed ? start : null);
    words.end.push(placed ? end : null);
    words.confidence.push(placed ? (num(w.confidence) ?? 0) : 0);
    words.paragraph.push(num(w.paragraph) ?? 0);
    words.turn.push(num(w.turn) ?? 0);
  });
  const turns: ReviewTurn[] = (Array.isArray(value.turns) ? value.turns : []).filter(isRecord).flatMap((t) => {
    const firstWord = num(t.firstWord);
    const lastWord = num(t.lastWord);
    if (firstWord === null || lastWord === null) return [];
    return [{ label: typeof t.label === 'string' ? t.label : null, role: typeof t.role === 'string' ? t.role : null, firstWord, lastWord }];
  });
  return { words, turns, duration: num(value.duration) };
}

/** Cues as a viewer reads them; a `<v Name>` span on the first line is kept as the cue's speaker. */
export function readCues(vtt: string): { cues: ReviewCue[]; voiceSpans: boolean } {
  const file = parseCaptionFile(vtt, 'vtt');
  let voiceSpans = false;
  const cues: ReviewCue[] = [];
  for (const cue of file.cues) {
    if (cue.startMs === null || cue.endMs === null || cue.endMs <= cue.startMs) {
      throw new CapsyncError('REVIEW_INPUT', `the captions have an unreadable cue at line ${cue.line}; fix it (capsync lint) before reviewing`);
    }
    const voice = /^<v(?:\.[^\s>]*)?\s+([^>]*)>/u.exec(cue.rawLines[0] ?? '');
    if (voice) voiceSpans = true;
    cues.push({ id: `c${cues.length + 1}`, start: cue.startMs / 1000, end: cue.endMs / 1000, lines: cue.lines, speaker: voice ? voice[1].trim() : null });
  }
  return { cues, voiceSpans };
}

function readLimits(metadata: unknown): RuleLimits {
  const defaults = ruleLimits();
  const limits = isRecord(metadata) && isRecord(metadata.captions) && isRecord(metadata.captions.limits) ? metadata.captions.limits : {};
  const pick = (key: keyof RuleLimits): number => {
    const v = num(limits[key]);
    return v !== null && v >= 0 ? v : defaults[key];
  };
  return {
    maxLineLength: pick('maxLineLength'),
    maxLines: pick('maxLines'),
    maxCps: pick('maxCps'),
    minDurationMs: pick('minDurationMs'),
    maxDurationMs: pick('maxDurationMs'),
    gapMs: pick('gapMs'),
  };
}

function spanList(value: unknown): Array<{ start: number; end: number }> {
  return (Array.isArray(value) ? value : []).filter(isRecord).flatMap((s) => {
    const start = num(s.start);
    const end = num(s.end);
    return start !== null && end !== null && end >= start ? [{ start, end }] : [];
  });
}

function fingerprint(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 16);
}

export function buildReviewData(sources: ReviewSources): ReviewData {
  const { words, turns, duration: wordsDuration } = readWords(sources.words);
  const report = isRecord(sources.report) ? sources.report : {};
  const { cues, voiceSpans } = readCues(sources.vtt);
  const notes: string[] = [];
  if (!isRecord(sources.report)) notes.push('report.json could not be read: the review queue holds only weak words.');
  const duration =
    num(report.duration) ?? wordsDuration ?? Math.max(0, ...cues.map((c) => c.end), ...sources.chapters.map((c) => c.start));
  const threshold = num(report.lowConfidenceThreshold) ?? DEFAULT_LOW_CONFIDENCE;
  const chapters: ReviewChapter[] = sources.chapters.map((c, i) => ({ id: `h${i + 1}`, start: c.start, title: c.title }));
  const spots = reviewSpots({ report, words, chapters, duration, lowConfidenceThreshold: threshold });
  const coverage = isRecord(report.coverage) ? report.coverage : {};
  const spans: ReviewSpans = {
    covered: spanList(coverage.spans),
    notFound: spots.filter((s) => s.kind === 'not-found' && s.start !== null).map((s) => ({ start: s.start!, end: s.end! })),
    speechWithoutText: spanList(report.speechWithoutText),
    lowConfidence: spanList(report.lowConfidence),
  };
  const metadata = isRecord(sources.metadata) ? sources.metadata : {};
  const title = typeof metadata.title === 'string' && metadata.title.trim() !== '' ? metadata.title.trim() : sources.stem;
  const levels = sources.envelope ? Buffer.from(sources.envelope.levels.buffer, sources.envelope.levels.byteOffset, sources.envelope.levels.byteLength).toString('base64') : null;
  return {
    version: 1,
    stem: sources.stem,
    title,
    media: { href: sources.media.href, name: sources.media.name, kind: mediaKindOf(sources.media.name) },
    duration,
    language: typeof report.language === 'string' ? report.language : 'en',
    coverageNote: typeof coverage.note === 'string' ? coverage.note : '',
    lowConfidenceThreshold: threshold,
    limits: readLimits(sources.metadata),
    minChapterSeconds: sources.minChapterSeconds ?? DEFAULT_MIN_CHAPTER_SECONDS,
    voiceSpans,
    envelope: sources.envelope && levels !== null ? { binSeconds: sources.envelope.binSeconds, floorDb: sources.envelope.floorDb, levels } : null,
    words,
    turns,
    cues,
    chapters,
    spans,
    spots,
    fingerprint: fingerprint([sources.vtt, JSON.stringify(chapters), JSON.stringify(words)]),
    notes,
  };
}
