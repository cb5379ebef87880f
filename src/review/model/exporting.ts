/**
 * The corrected files a reviewer downloads, written and checked by capsync's own writers and
 * rules (bundled into the page): captions by renderVtt/renderSrt and judged by lintCaptions,
 * chapters by renderChapterList/renderChaptersVtt and judged by YouTube's chapter rules.
 */
import { lintCaptions, type LintIssue, type LintOptions, type LintReport } from '../../captions/lint.js';
import { renderSrt, renderVtt } from '../../captions/render.js';
import type { RuleLimits } from '../../captions/rules.js';
import { checkYouTubeChapters, renderChapterList, renderChaptersVtt } from '../../chapters/render.js';
import type { Chapter, Cue } from '../../types.js';
import type { EditState, ReviewChapter, ReviewCue } from './types.js';

export interface ExportContext {
  limits: RuleLimits;
  voiceSpans: boolean;
  duration: number;
  minChapterSeconds: number;
}

export interface CaptionExport {
  vtt: string;
  srt: string;
  /** Null when the cues could not be written at all (the writer's message is in `problem`). */
  vttLint: LintReport | null;
  srtLint: LintReport | null;
  problem: string | null;
  /** Ids of the cues written, in file order (cues with no text are left out, as the writers do): cue number n of a lint issue is `cueIds[n - 1]`. */
  cueIds: string[];
}

export interface ChapterExport {
  txt: string;
  vtt: string;
  /** What keeps YouTube from showing these chapters; empty when they pass. */
  problems: string[];
}

function toCue(cue: ReviewCue): Cue {
  return {
    start: cue.start,
    end: cue.end,
    lines: cue.lines,
    speakerChange: null,
    speaker: cue.speaker,
    firstWord: 0,
    lastWord: 0,
    confidence: 0,
  };
}

/** The linter's options for the rules the captions were made with (limits come in whole milliseconds). */
export function lintOptionsFor(limits: RuleLimits): LintOptions {
  return {
    maxLineLength: limits.maxLineLength,
    maxLines: limits.maxLines,
    maxCps: limits.maxCps,
    minDuration: limits.minDurationMs / 1000,
    maxDuration: limits.maxDurationMs / 1000,
    // The gap rule is in frames; at 1000 "frames" per second a frame is a millisecond.
    fps: 1000,
    minGapFrames: limits.gapMs,
  };
}

export function exportCaptions(state: EditState, context: ExportContext): CaptionExport {
  const cues = state.cues.map(toCue);
  const cueIds = state.cues.filter((c) => c.lines.some((l) => l.trim() !== '')).map((c) => c.id);
  try {
    const vtt = renderVtt(cues, { voiceSpans: context.voiceSpans });
    const srt = renderSrt(cues);
    const options = lintOptionsFor(context.limits);
    return { vtt, srt, vttLint: lintCaptions(vtt, { ...options, format: 'vtt' }), srtLint: lintCaptions(srt, { ...options, format: 'srt' }), problem: null, cueIds };
  } catch (error) {
    return { vtt: '', srt: '', vttLint: null, srtLint: null, problem: error instanceof Error ? error.message : String(error), cueIds };
  }
}

/** Chapters as capsync's Chapter: each ends where the next starts, the last at the end of the recording. */
export function toChapters(chapters: readonly ReviewChapter[], duration: number): Chapter[] {
  return chapters.map((c, i) => ({
    start: c.start,
    end: i + 1 < chapters.length ? chapters[i + 1].start : Math.max(duration, c.start),
    title: c.title,
    firstWord: null,
    lastWord: null,
    kind: 'user',
  }));
}

export function exportChapters(state: EditState, context: ExportContext): ChapterExport {
  const chapters = toChapters(state.chapters, context.duration);
  const problems = checkYouTubeChapters(chapters, context.minChapterSeconds);
  chapters.forEach((c, i) => {
    if (c.title.replace(/[<>]/gu, '').trim() === '') problems.push(`Chapter ${i + 1} (${c.start.toFixed(0)} s) has no title.`);
  });
  return { txt: renderChapterList(chapters), vtt: renderChaptersVtt(chapters), problems };
}

/** The captions as WebVTT without judging them (for the player's track, which must not wait for the checks). */
export function captionsVtt(state: EditState, context: ExportContext): string {
  try {
    return renderVtt(state.cues.map(toCue), { voiceSpans: context.voiceSpans });
  } catch {
    return 'WEBVTT\n';
  }
}

/** Lint issues per cue id (file-level issues under ""). */
export function issuesByCue(exported: CaptionExport): Map<string, LintIssue[]> {
  const map = new Map<string, LintIssue[]>();
  for (const issue of exported.vttLint?.issues ?? []) {
    const id = issue.cue === null ? '' : (exported.cueIds[issue.cue - 1] ?? '');
    const list = map.get(id) ?? [];
    list.push(issue);
    map.set(id, list);
  }
  return map;
}
