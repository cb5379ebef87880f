/**
 * A forgiving reader for WebVTT and SRT files made by anyone. Unlike a player's parser it
 * never stops at the first problem: it keeps every cue it can find, numbered in file order
 * with its source line, and lists what is malformed so the linter can report all of it.
 */
import { parseCaptionTimestamp } from './timestamp.js';

export type CaptionFormat = 'vtt' | 'srt';

export interface ParsedCaptionCue {
  /** 1-based position among the file's cues. */
  number: number;
  /** 1-based source line of the timing line. */
  line: number;
  /** The cue identifier line as written (SRT: the counter), or null. */
  id: string | null;
  /** Null when the timestamp could not be read at all. */
  startMs: number | null;
  endMs: number | null;
  /** Payload as written. */
  rawLines: string[];
  /** What a viewer sees: markup removed, entities decoded, blank lines dropped, ends trimmed. */
  lines: string[];
}

export interface CaptionParseProblem {
  rule: 'syntax' | 'timestamp';
  severity: 'error' | 'warning';
  /** 1-based source line. */
  line: number;
  cue: number | null;
  message: string;
}

export interface ParsedCaptionFile {
  format: CaptionFormat;
  cues: ParsedCaptionCue[];
  problems: CaptionParseProblem[];
  /** Cue number of each source line (index = line − 1), null outside cues. */
  cueOfLine: Array<number | null>;
}

/** WebVTT when the file starts with the `WEBVTT` signature, SRT otherwise. */
export function detectCaptionFormat(text: string): CaptionFormat {
  return /^\uFEFF?WEBVTT(?:[ \t\r\n]|$)/u.test(text) ? 'vtt' : 'srt';
}

const TIMING = /^\s*(\S+)[ \t]+-->[ \t]+(\S+)(.*)$/u;

export function parseCaptionFile(text: string, format: CaptionFormat = detectCaptionFormat(text)): ParsedCaptionFile {
  const lines = text.replace(/^\uFEFF/u, '').split(/\r\n|\r|\n/u);
  const isBlank = format === 'vtt' ? (l: string) => l === '' : (l: string) => l.trim() === '';
  const file: ParsedCaptionFile = { format, cues: [], problems: [], cueOfLine: lines.map(() => null) };
  let i = 0;
  if (format === 'vtt' && /^WEBVTT/u.test(lines[0] ?? '')) {
    // The header runs to the first blank line (or to a timing line, which then starts a cue).
    i = 1;
    while (i < lines.length && !isBlank(lines[i]) && !lines[i].includes('-->')) i++;
  }
  while (i < lines.length) {
    if (isBlank(lines[i])) {
      i++;
      continue;
    }
    let end = i;
    while (end < lines.length && !isBlank(lines[end])) end++;
    readBlock(lines, i, end, file);
    i = end;
  }
  return file;
}

/** One block of non-blank lines [from, to): a comment, or one or more cues. */
function readBlock(lines: readonly string[], from: number, to: number, file: ParsedCaptionFile): void {
  if (file.format === 'vtt' && /^(?:NOTE|STYLE|REGION)(?:$|[ \t])/u.test(lines[from]) && !lines[from].includes('-->')) return;
  let timing = from;
  while (timing < to && !lines[timing].includes('-->')) timing++;
  if (timing === to) {
    file.problems.push({ rule: 'syntax', severity: 'error', line: from + 1, cue: null, message: 'text without a timing line (a stray line, or a blank line inside a cue)' });
    return;
  }
  const idLines = lines.slice(from, timing);
  if (idLines.length > 1) {
    file.problems.push({ rule: 'syntax', severity: 'error', line: from + 1, cue: null, message: 'lines before the timing line that are not a single cue identifier' });
  }
  let next = timing + 1;
  while (next < to && !lines[next].includes('-->')) next++;
  const number = file.cues.length + 1;
  const id = idLines.length > 0 ? idLines[idLines.length - 1] : null;
  if (file.format === 'srt' && (id === null || !/^\d+$/u.test(id.trim()))) {
    file.problems.push({ rule: 'syntax', severity: 'warning', line: timing + 1, cue: number, message: 'SRT cue without a numeric counter line' });
  }
  const rawLines = lines.slice(timing + 1, next);
  const { startMs, endMs } = readTiming(lines[timing], timing + 1, number, file);
  file.cues.push({ number, line: timing + 1, id, startMs, endMs, rawLines, lines: visibleLines(rawLines, file.format) });
  for (let k = from; k < next; k++) file.cueOfLine[k] = number;
  if (next < to) {
    file.problems.push({ rule: 'syntax', severity: 'error', line: next + 1, cue: number + 1, message: 'blank line missing before this cue (or "-->" inside a caption)' });
    readBlock(lines, next, to, file);
  }
}

function readTiming(line: string, lineNo: number, cue: number, file: ParsedCaptionFile): { startMs: number | null; endMs: number | null } {
  const match = TIMING.exec(line);
  if (!match) {
    file.problems.push({ rule: 'timestamp', severity: 'error', line: lineNo, cue, message: `malformed timing line "${line.trim()}"` });
    return { startMs: null, endMs: null };
  }
  const read = (text: string, which: string): number | null => {
    const parsed = parseCaptionTimestamp(text, file.format);
    const form = file.format === 'vtt' ? 'hh:mm:ss.ttt' : 'hh:mm:ss,ttt';
    if (!parsed) {
      file.problems.push({ rule: 'timestamp', severity: 'error', line: lineNo, cue, message: `invalid ${which} timestamp "${text}"` });
      return null;
    }
    if (!parsed.strict) {
      file.problems.push({ rule: 'timestamp', severity: 'error', line: lineNo, cue, message: `${which} timestamp "${text}" is not in ${form} form` });
    }
    return parsed.ms;
  };
  const startMs = read(match[1], 'start');
  const endMs = read(match[2], 'end');
  return { startMs, endMs };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: '\u00A0', lrm: '\u200E', rlm: '\u200F', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * Visible text: WebVTT tags (`<c>`, `<v Name>`, inline `<00:00:01.234>` karaoke times) and
 * SRT's common `<i>`/`<font>`/`{\an8}` markup removed; blank and whitespace-only lines dropped.
 */
export function visibleLines(raw: readonly string[], format: CaptionFormat): string[] {
  return raw
    .map((line) =>
      format === 'vtt'
        ? decodeEntities(line.replace(/<[^>]*>/gu, ''))
        : line.replace(/<\/?(?:i|b|u|s|font)\b[^>]*>/giu, '').replace(/\{\\[^}]*\}/gu, ''),
    )
    .map((line) => line.replace(/[\u200E\u200F]/gu, '').trim())
    .filter((line) => line !== '');
}

/** Cues of a caption file as {start, end, lines} in seconds, for measuring files made elsewhere. */
export function readCaptionCues(text: string, format?: CaptionFormat): Array<{ start: number; end: number; lines: string[] }> {
  return parseCaptionFile(text, format)
    .cues.filter((c) => c.startMs !== null && c.endMs !== null)
    .map((c) => ({ start: (c.startMs as number) / 1000, end: (c.endMs as number) / 1000, lines: c.lines }));
}
