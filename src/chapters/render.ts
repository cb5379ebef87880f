/**
 * Chapter outputs: the YouTube description lines, a WebVTT chapters track, the metadata
 * shape, a reader for users' chapter files, and a YouTube rule check.
 */
import type { Chapter } from '../types.js';

/**
 * `M:SS`, or `H:MM:SS` from one hour on. Seconds are floored so a chapter link lands at or
 * just before the first word, never after it.
 */
export function formatChapterTimestamp(seconds: number, withHours = seconds >= 3600): string {
  const total = Math.max(0, Math.floor(seconds + 1e-6));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return withHours ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** YouTube descriptions may not contain `<` or `>`; a title is one line. */
function descriptionSafe(title: string): string {
  return title.replace(/[<>]/g, '').replace(/\s+/g, ' ').trim();
}

/** Paste-ready description lines, `0:00 Title`, one per chapter. */
export function renderChapterList(chapters: readonly Chapter[]): string {
  const withHours = chapters.some((c) => c.start >= 3600);
  return chapters.map((c) => `${formatChapterTimestamp(c.start, withHours)} ${descriptionSafe(c.title)}`).join('\n') + (chapters.length ? '\n' : '');
}

function vttTime(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const t = ms % 1000;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(t).padStart(3, '0')}`;
}

function vttEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/-->/g, '--&gt;').replace(/\s+/g, ' ').trim();
}

/**
 * A WebVTT chapters track: one cue per chapter, each ending where the next starts (times in
 * whole milliseconds, so cues never overlap), the last ending at the last chapter's end.
 */
export function renderChaptersVtt(chapters: readonly Chapter[]): string {
  let out = 'WEBVTT\n\n';
  const starts = chapters.map((c) => Math.round(c.start * 1000));
  chapters.forEach((c, i) => {
    const start = starts[i]!;
    let end = i + 1 < chapters.length ? starts[i + 1]! : Math.round(c.end * 1000);
    if (end <= start) end = start + 1;
    out += `${i + 1}\n${vttTime(start)} --> ${vttTime(end)}\n${vttEscape(c.title) || `Chapter ${i + 1}`}\n\n`;
  });
  return out;
}

/** The `chapters` field of `<stem>.metadata.json`. */
export function chaptersForMetadata(chapters: readonly Chapter[]): Array<{ start: number; title: string }> {
  return chapters.map((c) => ({ start: Math.round(c.start * 1000) / 1000, title: c.title }));
}

/** Longer lines are prose, not "0:00 Title" lines. */
const MAX_CHAPTER_LINE_CHARS = 300;

const TS = String.raw`(?:(\d{1,2}):)?(\d{1,3}):(\d{2})(?:[.,](\d{1,3}))?`;

function toSeconds(h: string | undefined, m: string, s: string, frac: string | undefined): number {
  return (h ? Number(h) * 3600 : 0) + Number(m) * 60 + Number(s) + (frac ? Number(`0.${frac}`) : 0);
}

/**
 * Read a user's chapter file: YouTube-style lines (`0:00 Intro`, `1:02:03 - Title`,
 * `(12:34) Title`, also `Title 12:34`) or a WebVTT chapters track. Lines without a
 * timestamp are ignored. Returned in file order.
 */
export function parseChapterList(text: string): Array<{ start: number; title: string }> {
  const body = text.replace(/^\uFEFF/, '');
  if (/^WEBVTT\b/.test(body)) return parseVttChapters(body);
  const out: Array<{ start: number; title: string }> = [];
  const lead = new RegExp(String.raw`^\s*(?:[-*•]\s*)?[\[(]?${TS}[\])]?\s*(?:[-–—:|.]\s*)?(.*\S)\s*$`);
  const trail = new RegExp(String.raw`^\s*(?:[-*•]\s*)?(.*?\S)\s*(?:[-–—:|]\s*)?[\[(]?${TS}[\])]?\s*$`);
  for (const raw of body.split(/\r?\n/)) {
    // A chapter line is short; trimming first keeps the patterns linear on a line of spaces.
    const line = raw.trim();
    if (line.length > MAX_CHAPTER_LINE_CHARS) continue;
    let m = line.match(lead);
    if (m) {
      out.push({ start: toSeconds(m[1], m[2]!, m[3]!, m[4]), title: m[5]!.trim() });
      continue;
    }
    m = line.match(trail);
    if (m) out.push({ start: toSeconds(m[2], m[3]!, m[4]!, m[5]), title: m[1]!.trim() });
  }
  return out;
}

function parseVttChapters(text: string): Array<{ start: number; title: string }> {
  const out: Array<{ start: number; title: string }> = [];
  const timing = new RegExp(String.raw`^\s*${TS}\s+-->\s+`);
  const blocks = text.split(/\r?\n\s*\r?\n/);
  for (const block of blocks) {
    const lines = block.split(/\r?\n/);
    const at = lines.findIndex((l) => timing.test(l));
    if (at < 0) continue;
    const m = lines[at]!.match(timing)!;
    const title = lines
      .slice(at + 1)
      .join(' ')
      .replace(/<[^>]*>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&')
      .trim();
    if (title) out.push({ start: toSeconds(m[1], m[2]!, m[3]!, m[4]), title });
  }
  return out;
}

/**
 * What keeps YouTube from showing these chapters, as readable sentences (empty when fine):
 * first at 0:00, at least 3, ascending, each ≥ `minChapterSeconds` (as rendered, whole seconds).
 */
export function checkYouTubeChapters(chapters: readonly Chapter[], minChapterSeconds = 10): string[] {
  const problems: string[] = [];
  if (chapters.length < 3) problems.push(`YouTube needs at least 3 chapters; there are ${chapters.length}.`);
  if (chapters.length && Math.floor(chapters[0]!.start) !== 0) problems.push('The first chapter must start at 0:00.');
  chapters.forEach((c, i) => {
    const shown = Math.floor(c.start);
    if (i > 0 && shown <= Math.floor(chapters[i - 1]!.start)) problems.push(`Chapter ${i + 1} (${formatChapterTimestamp(c.start)}) does not come after the one before it.`);
    const next = i + 1 < chapters.length ? Math.floor(chapters[i + 1]!.start) : c.end;
    if (next - shown < minChapterSeconds) problems.push(`Chapter ${i + 1} "${c.title}" (${formatChapterTimestamp(c.start)}) is shorter than ${minChapterSeconds} s.`);
  });
  return problems;
}
