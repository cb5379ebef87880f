/**
 * buildDescription: the original description with a chapters block where viewers look (after
 * the summary / transcript excerpt, before the link list), hashtags kept last, within YouTube's
 * limits (≤5000 UTF-8 bytes, no `<` or `>`). Re-running replaces the block: existing timestamp
 * lines (and their "Chapters:" heading) are detected and swapped, so no invisible marker is needed.
 */
import { layoutDescription, type LineRole } from './layout.js';
import { cleanSlice, stripControls, utf8Bytes } from './textView.js';
import { HASHTAG_RE, SENTENCE_END_RE } from './lineShapes.js';
import { YOUTUBE_DESCRIPTION_MAX_BYTES, YOUTUBE_MAX_HASHTAGS } from './parse.js';

export interface DescriptionChapterInput {
  /** Seconds from the start of the video. */
  start: number;
  title: string;
}

export interface BuildDescriptionOptions {
  /** Byte budget for the whole description (default 5000, YouTube's limit). */
  maxBytes?: number;
  /** Line above the chapter lines (default "Chapters:"); null for none. */
  heading?: string | null;
  /** Chapter titles longer than this are cut at a word and end with "…" (default 70). */
  maxChapterTitleLength?: number;
  /** Line ending of the result: the original's (default), LF or CRLF. */
  eol?: 'auto' | '\n' | '\r\n';
}

/** YouTube's chapter rules: first at 0:00, at least three, each at least ten seconds long. */
const YOUTUBE_MIN_CHAPTERS = 3;
const YOUTUBE_MIN_CHAPTER_SECONDS = 10;

/** `M:SS` below an hour, `H:MM:SS` from an hour; seconds are floored so a chapter never starts late. */
export function formatDescriptionTimestamp(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** `<`/`>` are refused by YouTube: arrows and comparisons keep their meaning, the rest become ‹ ›. */
export function replaceAngleBrackets(text: string): string {
  return text
    .replace(/<->/g, '↔')
    .replace(/->|=>/g, '→')
    .replace(/<-|<=(?!>)/g, (m) => (m === '<-' ? '←' : '≤'))
    .replace(/>=/g, '≥')
    .replace(/</g, '‹')
    .replace(/>/g, '›');
}

interface WorkLine {
  text: string;
  role: LineRole | 'chapter';
  /** Holds a link: never shortened. */
  hasLink: boolean;
}

function cleanTitle(title: string, max: number): { title: string; cut: boolean } {
  let t = replaceAngleBrackets(stripControls(String(title ?? '')))
    .replace(/\s+/g, ' ')
    .trim();
  let cut = false;
  if (Array.from(t).length > max) {
    const chars = Array.from(t).slice(0, max - 1).join('');
    const space = chars.lastIndexOf(' ');
    t = `${(space > max / 2 ? chars.slice(0, space) : chars).replace(/[\s,;:.\-–—]+$/u, '')}…`;
    cut = true;
  }
  return { title: t, cut };
}

/** Chapter lines ready to paste, with notes on anything YouTube would refuse or that was changed. */
export function formatDescriptionChapterLines(chapters: ReadonlyArray<DescriptionChapterInput>, maxTitle = 70): { lines: string[]; notes: string[] } {
  const notes: string[] = [];
  const valid = chapters.filter((c) => c && Number.isFinite(c.start) && c.start >= 0);
  if (valid.length < chapters.length) notes.push(`${chapters.length - valid.length} chapter(s) without a valid start time were left out`);
  const sorted = [...valid].sort((a, b) => a.start - b.start);
  if (sorted.some((c, i) => c !== valid[i])) notes.push('chapters were sorted by start time');
  const out: Array<{ start: number; title: string }> = [];
  for (const c of sorted) {
    const start = Math.floor(c.start);
    if (out.length && out[out.length - 1].start === start) {
      notes.push(`chapter "${stripControls(c.title)}" at ${formatDescriptionTimestamp(start)} shares its second with the one before and was left out`);
      continue;
    }
    let { title, cut } = cleanTitle(c.title, maxTitle);
    if (!title) {
      title = `Part ${out.length + 1}`;
      notes.push(`chapter at ${formatDescriptionTimestamp(start)} had no title; named "${title}"`);
    } else if (cut) notes.push(`chapter title at ${formatDescriptionTimestamp(start)} shortened to ${maxTitle} characters`);
    if (/[<>]/.test(String(c.title))) notes.push(`chapter title at ${formatDescriptionTimestamp(start)}: "<"/">" replaced (YouTube rejects them)`);
    out.push({ start, title });
  }
  if (out.length && out[0].start !== 0) {
    notes.push(`first chapter moved from ${formatDescriptionTimestamp(out[0].start)} to 0:00 (YouTube requires chapters to start at 0:00)`);
    out[0].start = 0;
  }
  if (out.length > 0 && out.length < YOUTUBE_MIN_CHAPTERS) notes.push(`only ${out.length} chapter(s): YouTube shows chapters from ${YOUTUBE_MIN_CHAPTERS} on`);
  const short = out.filter((c, i) => i + 1 < out.length && out[i + 1].start - c.start < YOUTUBE_MIN_CHAPTER_SECONDS);
  if (short.length) {
    notes.push(`chapter(s) shorter than ${YOUTUBE_MIN_CHAPTER_SECONDS} s (YouTube ignores such chapter lists): ${short.map((c) => formatDescriptionTimestamp(c.start)).join(', ')}`);
  }
  return { lines: out.map((c) => `${formatDescriptionTimestamp(c.start)} ${c.title}`), notes };
}

/**
 * Remove the chapter blocks already present: runs of lines that start with a timestamp, with
 * their "Chapters:" heading and one adjoining blank line. Returns where the
 * first block was, so a re-run puts the new block in the same place.
 */
function removeChapterBlocks(lines: WorkLine[]): { lines: WorkLine[]; at: number | null; removed: number } {
  const keep: WorkLine[] = [];
  let at: number | null = null;
  let removed = 0;
  let i = 0;
  // An empty "Chapters:" heading (nothing but the tail or the end under it) is a placeholder
  // for the block: it is replaced, not left dangling above a second heading.
  // Backwards, so "Chapters:\nChapters:" is two placeholders, not one kept heading.
  for (let k = lines.length - 1; k >= 0; k--) {
    if (lines[k].role === 'transcript' || !PLACEHOLDER_HEADING_RE.test(lines[k].text)) continue;
    let n = k + 1;
    while (n < lines.length && lines[n].role === 'blank') n++;
    if (n >= lines.length || PLACEHOLDER_NEXT.has(lines[n].role)) lines[k] = { ...lines[k], role: 'chapterHeading' };
  }
  while (i < lines.length) {
    const startsBlock = lines[i].role === 'timestamp' || lines[i].role === 'chapterHeading';
    if (!startsBlock) {
      keep.push(lines[i]);
      i++;
      continue;
    }
    let j = i;
    let stamps = 0;
    let heading = false;
    let end = i; // exclusive end of the block
    while (j < lines.length) {
      const r = lines[j].role;
      if (r === 'chapterHeading' && j === i) heading = true;
      else if (r === 'timestamp') stamps++;
      else if (r === 'blank' && j + 1 < lines.length && lines[j + 1].role === 'timestamp' && stamps > 0) {
        // a blank line between timestamp lines stays inside the block
      } else if (!(r === 'blank' && heading && stamps === 0)) break;
      j++;
      if (r !== 'blank') end = j;
    }
    const placeholder = heading && stamps === 0 && (end >= lines.length || PLACEHOLDER_NEXT.has(lines[end].role) || lines[end].role === 'blank');
    // Even a lone timestamp line goes: YouTube reads every line that starts with a timestamp as
    // a chapter, so a stray one would break the new list's order.
    if (stamps >= 1 || placeholder) {
      if (at === null) at = keep.length;
      removed += end - i;
      // Drop one blank line next to the block so re-inserting does not double the spacing.
      if (end < lines.length && lines[end].role === 'blank') end++;
      else if (keep.length && keep[keep.length - 1].role === 'blank') {
        keep.pop();
        at = Math.min(at, keep.length);
      }
      i = end;
    } else {
      keep.push(lines[i]);
      i++;
    }
  }
  return { lines: keep, at, removed };
}

const PLACEHOLDER_HEADING_RE =
  /^\s*(?:\p{Extended_Pictographic}\uFE0F?\s*)*(?:chapters?|timestamps?|chapitres?|kapitel|cap[ií]tulos?|capitoli|hoofdstukken|главы|таймкоды|розділи)\s*[:：]?\s*$/iu;
const PLACEHOLDER_NEXT = new Set<LineRole | 'chapter'>(['divider', 'link', 'linkHeading', 'hashtags', 'chapterHeading']);

/** Byte length of lines joined with `eol`. */
function bytesOf(lines: readonly WorkLine[], eol: string): number {
  let n = 0;
  for (const l of lines) n += utf8Bytes(l.text);
  return n + Math.max(0, lines.length - 1) * eol.length;
}

/**
 * Shorten lines of one role from the end, at sentence ends, until `excess` bytes are gone or
 * only the first sentence of the first such line is left. Lines with links are never touched.
 * Returns the bytes removed.
 */
function trimRole(lines: WorkLine[], role: LineRole, excess: number, eol: string): number {
  let removed = 0;
  const idx = () => lines.map((l, i) => (l.role === role && !l.hasLink ? i : -1)).filter((i) => i >= 0);
  while (removed < excess) {
    const own = idx();
    if (own.length === 0) break;
    const last = own[own.length - 1];
    const text = lines[last].text;
    const ends = [...text.matchAll(SENTENCE_END_RE)].map((m) => m.index! + m[0].length).filter((e) => e < text.trimEnd().length);
    const need = excess - removed;
    if (own.length > 1) {
      // Cut inside this line if a sentence end leaves enough; otherwise drop the whole line.
      const fit = ends.filter((e) => utf8Bytes(text.slice(e)) >= need).pop();
      if (fit !== undefined) {
        const kept = text.slice(0, fit).trimEnd();
        removed += utf8Bytes(text) - utf8Bytes(kept);
        lines[last].text = kept;
        break;
      }
      removed += utf8Bytes(text) + eol.length;
      lines.splice(last, 1);
      // A one-line paragraph gone leaves two blank lines (or a blank at the end): drop one.
      if (last > 0 && lines[last - 1].role === 'blank' && (last >= lines.length || lines[last].role === 'blank')) {
        lines.splice(last - 1, 1);
        removed += eol.length;
      }
      continue;
    }
    // The last line of this kind: keep at least its first sentence.
    if (ends.length === 0) break;
    const fit = ends.filter((e) => utf8Bytes(text.slice(e)) >= need).pop() ?? ends[0];
    const kept = text.slice(0, fit).trimEnd();
    removed += utf8Bytes(text) - utf8Bytes(kept);
    lines[last].text = kept;
    break;
  }
  return removed;
}

/**
 * The original description with the chapters block in place, and notes on what was changed or
 * shortened. Re-running on the result gives the result again: one pass is enough for ordinary
 * descriptions; when shortening changed a degenerate layout (a timestamp line as the first
 * line…), the pass is repeated until the text is stable (at most three more times).
 */
export function buildDescription(
  original: string,
  chapters: ReadonlyArray<DescriptionChapterInput>,
  options: BuildDescriptionOptions = {},
): { text: string; notes: string[] } {
  let out = buildDescriptionOnce(original, chapters, options);
  for (let k = 0; k < 3; k++) {
    const again = buildDescriptionOnce(out.text, chapters, options);
    if (again.text === out.text) break;
    const extra = again.notes.filter((n) => !out.notes.includes(n) && !n.startsWith('replaced the existing chapters block'));
    out = { text: again.text, notes: [...out.notes, ...extra] };
  }
  return out;
}

/** One pass of buildDescription (exported for tests that check a single pass is already stable). */
export function buildDescriptionOnce(
  original: string,
  chapters: ReadonlyArray<DescriptionChapterInput>,
  options: BuildDescriptionOptions = {},
): { text: string; notes: string[] } {
  const notes: string[] = [];
  const maxBytes = options.maxBytes ?? YOUTUBE_DESCRIPTION_MAX_BYTES;
  const heading = options.heading === undefined ? 'Chapters:' : options.heading;
  const source = typeof original === 'string' ? original : '';
  const layout = layoutDescription(source);
  const v = layout.view;
  const eol = options.eol && options.eol !== 'auto' ? options.eol : v.eol;
  if (v.controlCount > 0) notes.push(`${v.controlCount} control or bidi-override character(s) removed`);

  const linkLines = new Set(layout.links.map((l) => l.line - 1));
  let lines: WorkLine[] = v.lines.map((line, i) => ({
    text: cleanSlice(source, line.start, line.end).replace(/\s+$/u, ''),
    role: layout.roles[i],
    hasLink: linkLines.has(i),
  }));
  // Where the block goes when there is none to replace: after the excerpt and its "continues"
  // line, else before the tail (links, dividers, hashtags), else at the end.
  let insertAt: number;
  const lastContinues = layout.roles.lastIndexOf('continues');
  if (layout.excerpt) insertAt = Math.max(layout.excerpt.lastLine, lastContinues) + 1;
  else insertAt = layout.tailStart;
  // Index shift from removed blocks is handled by tagging the anchor line.
  const anchor: WorkLine | null = insertAt < lines.length ? lines[insertAt] : null;

  const removal = removeChapterBlocks(lines);
  lines = removal.lines;
  if (removal.removed > 0) notes.push(`replaced the existing chapters block (${removal.removed} line(s))`);

  const formatted = formatDescriptionChapterLines(chapters, options.maxChapterTitleLength ?? 70);
  notes.push(...formatted.notes);

  let at: number;
  if (removal.at !== null) at = removal.at;
  else {
    const anchored = anchor ? lines.indexOf(anchor) : -1;
    at = anchored >= 0 ? anchored : lines.length;
    // Leading blank lines at the insertion point belong above the block.
    while (at < lines.length && lines[at].role === 'blank') at++;
    if (at >= lines.length) {
      at = lines.length;
      while (at > 0 && lines[at - 1].role === 'blank') at--;
    }
  }
  // Hashtags stay last: never put the block after a trailing run of hashtag lines.
  let lastContent = lines.length - 1;
  while (lastContent >= 0 && lines[lastContent].role === 'blank') lastContent--;
  if (at > lastContent) {
    let h = lastContent;
    while (h >= 0 && (lines[h].role === 'hashtags' || lines[h].role === 'blank')) h--;
    if (h < lastContent) {
      at = h + 1;
      while (at <= lastContent && lines[at].role === 'blank') at++;
    }
  }

  if (formatted.lines.length > 0) {
    const block: WorkLine[] = [];
    if (heading) block.push({ text: replaceAngleBrackets(stripControls(heading)).trim(), role: 'chapterHeading', hasLink: false });
    for (const text of formatted.lines) block.push({ text, role: 'chapter', hasLink: false });
    if (at > 0 && lines[at - 1].role !== 'blank') block.unshift({ text: '', role: 'blank', hasLink: false });
    if (at < lines.length && lines[at].role !== 'blank') block.push({ text: '', role: 'blank', hasLink: false });
    lines.splice(at, 0, ...block);
  } else if (chapters.length === 0) {
    notes.push('no chapters given: the description has no chapters block');
  }

  let angle = 0;
  for (const l of lines) {
    const replaced = replaceAngleBrackets(l.text);
    if (replaced !== l.text) {
      angle += (l.text.match(/[<>]/g) ?? []).length;
      l.text = replaced;
    }
  }
  if (angle > 0) notes.push(`${angle} "<"/">" character(s) replaced (YouTube rejects them)`);
  const tags = new Set([...lines.map((l) => l.text).join('\n').matchAll(HASHTAG_RE)].map((m) => m[1].toLocaleLowerCase()));
  if (tags.size > YOUTUBE_MAX_HASHTAGS) notes.push(`${tags.size} distinct hashtags: YouTube ignores all of them above ${YOUTUBE_MAX_HASHTAGS} (left as written)`);

  // Trailing blank lines are noise; keep a final newline if the original had one.
  while (lines.length && lines[lines.length - 1].role === 'blank' && !lines[lines.length - 1].text) lines.pop();
  const finalNewline = /\n$/.test(source) ? eol : '';

  const budget = maxBytes - finalNewline.length;
  let excess = bytesOf(lines, eol) - budget;
  if (excess > 0) {
    const before = transcriptChars(lines);
    const got = trimRole(lines, 'transcript', excess, eol);
    if (got > 0) {
      const where = layout.excerpt?.continuesAt ? ` (the full text stays at ${layout.excerpt.continuesAt})` : '';
      notes.push(`transcript excerpt trimmed at a sentence end: ${before} → ${transcriptChars(lines)} characters${where}`);
    }
    excess -= got;
  }
  if (excess > 0) {
    const before = roleChars(lines, 'prose');
    const got = trimRole(lines, 'prose', excess, eol);
    if (got > 0) notes.push(`summary trimmed at a sentence end: ${before} → ${roleChars(lines, 'prose')} characters`);
    excess -= got;
  }
  if (excess > 0) notes.push(...dropLinesToFit(lines, budget, eol, maxBytes));
  return { text: lines.map((l) => l.text).join(eol) + (lines.length ? finalNewline : ''), notes };
}

/**
 * The last resort when sentence trimming was not enough (a description of links, emoji and
 * hashtags): whole lines go, from the end, in order of how little they matter next to the
 * chapters, until the text fits; the limit is a promise, so the chapter list and the title
 * are cut last. Returns one note naming what went.
 */
function dropLinesToFit(lines: WorkLine[], budget: number, eol: string, maxBytes: number): string[] {
  const stages: Array<{ roles: ReadonlyArray<LineRole | 'chapter'>; what: string }> = [
    { roles: ['transcript', 'marker'], what: 'transcript excerpt' },
    { roles: ['prose', 'subtitle', 'other'], what: 'summary' },
    { roles: ['link', 'linkHeading', 'divider'], what: 'links' },
    { roles: ['hashtags'], what: 'hashtags' },
    { roles: ['continues'], what: '"transcript continues" link' },
    { roles: ['timestamp', 'chapter', 'chapterHeading'], what: 'chapters' },
    { roles: ['title'], what: 'title' },
  ];
  const gone = new Map<string, number>();
  const over = (): boolean => bytesOf(lines, eol) > budget;
  const squeezeBlanks = (): void => {
    for (let i = lines.length - 1; i >= 0; i--) {
      const blank = lines[i].role === 'blank' || lines[i].text.trim() === '';
      if (blank && (i === 0 || i === lines.length - 1 || lines[i - 1].role === 'blank' || lines[i - 1].text.trim() === '')) lines.splice(i, 1);
    }
  };
  for (const stage of stages) {
    for (let i = lines.length - 1; i >= 0 && over(); i--) {
      if (!stage.roles.includes(lines[i].role)) continue;
      // One chapter line stays as long as anything else can go.
      if (stage.what === 'chapters' && lines[i].role === 'chapter' && lines.filter((l) => l.role === 'chapter').length === 1 && lines.length > 1) continue;
      lines.splice(i, 1);
      gone.set(stage.what, (gone.get(stage.what) ?? 0) + 1);
      squeezeBlanks();
      i = Math.min(i, lines.length);
    }
    if (!over()) break;
  }
  // Whatever is left is cut at a code point (only a single enormous line gets here).
  while (over() && lines.length > 0) {
    const last = lines[lines.length - 1];
    const room = budget - (bytesOf(lines, eol) - utf8Bytes(last.text));
    if (room <= 0) {
      lines.pop();
      continue;
    }
    const kept: string[] = [];
    let used = 0;
    for (const ch of last.text) {
      const b = utf8Bytes(ch);
      if (used + b > room) break;
      kept.push(ch);
      used += b;
    }
    last.text = kept.join('');
    gone.set('the end of the last line', 1);
  }
  const list = [...gone].map(([what, n]) => (what === 'the end of the last line' ? what : `${what} (${n} line${n === 1 ? '' : 's'})`));
  return [`over the ${maxBytes}-byte limit after trimming sentences: removed ${list.join(', ')} to fit`];
}

function roleChars(lines: readonly WorkLine[], role: LineRole): number {
  return lines.filter((l) => l.role === role).reduce((n, l) => n + Array.from(l.text).length, 0);
}

function transcriptChars(lines: readonly WorkLine[]): number {
  return roleChars(lines, 'transcript');
}
