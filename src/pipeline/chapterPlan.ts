import path from 'node:path';
import type { Chapter } from '../types.js';
import { chaptersForMetadata, formatChapterTimestamp } from '../chapters/index.js';
import { buildDescription } from '../metadata/index.js';
import { retimeDescriptionChapters } from '../metadata/retime.js';

/**
 * Whose chapters a run publishes. A description that already has a chapters block (or an
 * info.json with the uploader's chapters) is the user's work: by default it is kept — its
 * titles as written, its times snapped to sentence onsets, checked against YouTube's rules —
 * and automatic chapters replace it only when asked.
 */
export const CHAPTERS_MODES = ['auto', 'keep', 'replace'] as const;
/**
 * - `keep`: the user's chapters (snapped) in every output; the description's block keeps its
 *   lines, with only their times moved. The default when the user has chapters.
 * - `replace`: automatic chapters, and they replace the description's block.
 * - `auto`: automatic chapters in the chapter files and metadata; a block already in the
 *   description is left as written (one is inserted when there is none).
 */
export type ChaptersMode = (typeof CHAPTERS_MODES)[number];

export interface ChapterPlan {
  mode: ChaptersMode;
  /** Where the chapters kept come from; null for automatic chapters. */
  source: 'file' | 'description' | 'info.json' | null;
  /** The user's chapters, to snap (undefined: automatic chapters). */
  user?: Array<{ start: number; title: string }>;
  /** The description's own chapter lines (1-based line numbers), when it has a block. */
  descriptionLines: Array<{ start: number; title: string; line: number }>;
  notes: string[];
}

/** A description has a chapters block when two or more lines start with a time. */
const MIN_BLOCK_LINES = 2;

/** Decide whose chapters to publish (see ChaptersMode). */
export function planChapters(options: {
  requested?: ChaptersMode;
  /** --chapters-file. */
  file?: Array<{ start: number; title: string }>;
  /** The description's timestamp lines (parseDescription's `timestamps`). */
  descriptionTimestamps: ReadonlyArray<{ start: number; title: string; line: number }>;
  /** The info.json's chapters. */
  videoChapters?: ReadonlyArray<{ start: number; title: string }>;
}): ChapterPlan {
  const notes: string[] = [];
  const descriptionLines = options.descriptionTimestamps.length >= MIN_BLOCK_LINES ? [...options.descriptionTimestamps] : [];
  if (options.file) return { mode: 'keep', source: 'file', user: options.file, descriptionLines, notes };
  const existing: Pick<ChapterPlan, 'source' | 'user'> | null =
    descriptionLines.length > 0
      ? { source: 'description', user: descriptionLines.map(({ start, title }) => ({ start, title })) }
      : options.videoChapters && options.videoChapters.length > 0
        ? { source: 'info.json', user: options.videoChapters.map(({ start, title }) => ({ start, title })) }
        : null;
  const mode = options.requested ?? (existing ? 'keep' : 'auto');
  if (mode === 'keep' && existing) return { mode, ...existing, descriptionLines, notes };
  if (mode === 'keep') notes.push('chapters: --chapters keep, but there are no chapters to keep (none in the description or the info.json): automatic chapters made');
  return { mode: mode === 'keep' ? 'auto' : mode, source: null, descriptionLines, notes };
}

/** What the report says about the chapters published (`report.json` → `chapters`). */
export interface ChaptersReport {
  mode: ChaptersMode;
  source: ChapterPlan['source'];
  /** Kept chapters whose time moved to a sentence onset (whole seconds as shown). */
  moved: Array<{ title: string; from: number; to: number }>;
  /** What YouTube would refuse in the chapters published. */
  problems: string[];
}

/** The description's chapters heading in the transcript's language. */
export function chaptersHeading(language: string): string {
  // French typography: a no-break space before the colon.
  return /^fr\b/i.test(language) ? 'Chapitres\u00a0:' : 'Chapters:';
}

/**
 * The description to publish and the report on the chapters. Kept description chapters are
 * retimed in place; chapters from a file or from the info.json (no block in the description),
 * and automatic ones with `replace` or with no block to respect, go in as a block; with `auto`
 * a block the user wrote is left as written.
 */
export function publishChapters(
  plan: ChapterPlan,
  chapters: readonly Chapter[],
  descriptionText: string | null,
  options: { language: string; problems: string[]; files: { chaptersTxt: string } },
): { description: string | null; notes: string[]; report: ChaptersReport } {
  const notes: string[] = [];
  const moved: ChaptersReport['moved'] = [];
  if (plan.user) {
    const given = [...plan.user].filter((c) => Number.isFinite(c.start)).sort((a, b) => a.start - b.start);
    given.forEach((c, i) => {
      const to = chapters[i]?.start;
      if (to !== undefined && Math.floor(to) !== Math.floor(c.start)) moved.push({ title: c.title, from: Math.floor(c.start), to: Math.floor(to) });
    });
  }
  const report: ChaptersReport = { mode: plan.mode, source: plan.source, moved, problems: options.problems };
  if (descriptionText === null) return { description: null, notes, report };
  const asBlock = (): string => {
    const built = buildDescription(descriptionText, chaptersForMetadata(chapters), { heading: chaptersHeading(options.language) });
    notes.push(...built.notes.map((n) => `description: ${n}`));
    return built.text;
  };
  if (plan.source === 'description') {
    if (moved.length > 0) {
      notes.push(
        `chapters: kept the description's ${chapters.length} chapters; moved to sentence onsets: ` +
          moved.map((m) => `"${m.title}" ${formatChapterTimestamp(m.from)} → ${formatChapterTimestamp(m.to)}`).join(', '),
      );
    }
    const sorted = [...plan.descriptionLines].sort((a, b) => a.start - b.start);
    return { description: retimeDescriptionChapters(descriptionText, sorted.map((l, i) => ({ line: l.line, start: chapters[i]?.start ?? l.start }))), notes, report };
  }
  if (plan.mode === 'auto' && plan.descriptionLines.length > 0) {
    notes.push(
      `chapters: the description's own chapters block was left as written (--chapters auto); the automatic chapters are in ` +
        `${path.basename(options.files.chaptersTxt)} (--chapters replace puts them in the description)`,
    );
    return { description: descriptionText, notes, report };
  }
  return { description: asBlock(), notes, report };
}
