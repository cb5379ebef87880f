/**
 * Caption linter: every rule violation in a WebVTT or SRT file, whoever made it. Structure is
 * judged by real parsers (the W3C `webvtt-parser` for WebVTT, `subtitle` for SRT) plus our
 * forgiving reader, which keeps going after errors so timing and text rules are still checked
 * on every cue it can read.
 */
import webvtt from 'webvtt-parser';
import { parseSync as parseSubtitles } from 'subtitle';
import type { CaptionOptions } from './options.js';
import { type CaptionFormat, type ParsedCaptionFile, detectCaptionFormat, parseCaptionFile } from './parse.js';
import { type CueRule, type PairRule, type RuleLimits, cueViolations, pairViolation, ruleLimits } from './rules.js';

export type LintRule = CueRule | PairRule | 'syntax' | 'timestamp';
export type LintSeverity = 'error' | 'warning';

/**
 * Broken structure, overlapping cues and lines that do not fit are errors (a player misreads
 * or a viewer cannot see the text); reading speed, durations and gaps are warnings (the text
 * is there, just uncomfortable).
 */
export const LINT_SEVERITY: Readonly<Record<LintRule, LintSeverity>> = Object.freeze({
  syntax: 'error',
  timestamp: 'error',
  'end-before-start': 'error',
  order: 'error',
  overlap: 'error',
  'line-length': 'error',
  'line-count': 'error',
  cps: 'warning',
  'min-duration': 'warning',
  'max-duration': 'warning',
  gap: 'warning',
  empty: 'warning',
});

export interface LintOptions
  extends Partial<Pick<CaptionOptions, 'maxLineLength' | 'maxLines' | 'maxCps' | 'minDuration' | 'maxDuration' | 'minGapFrames'>> {
  /** Detected from the `WEBVTT` signature when absent. */
  format?: CaptionFormat;
  /** Frame rate for the gap rule; the CLI's `--media` fills it from the video, else 25. */
  fps?: number;
}

export interface LintIssue {
  rule: LintRule;
  severity: LintSeverity;
  /** 1-based cue number in file order, null for file-level problems. */
  cue: number | null;
  /** Start of the cue in seconds, when readable. */
  time: number | null;
  /** 1-based source line. */
  line: number | null;
  message: string;
}

export interface LintReport {
  format: CaptionFormat;
  cues: number;
  errors: number;
  warnings: number;
  byRule: Partial<Record<LintRule, number>>;
  limits: RuleLimits & { fps: number };
  issues: LintIssue[];
}

/** Lint caption text. Pure: the caller reads the file. */
export function lintCaptions(text: string, options: LintOptions = {}): LintReport {
  const format = options.format ?? detectCaptionFormat(text);
  const limits = ruleLimits(options);
  const fps = options.fps && options.fps > 0 ? options.fps : 25;
  const file = parseCaptionFile(text, format);
  const startOf = new Map(file.cues.map((c) => [c.number, c.startMs === null ? null : c.startMs / 1000]));
  const issues: LintIssue[] = file.problems.map((p) => ({ ...p, time: p.cue === null ? null : (startOf.get(p.cue) ?? null) }));
  const structural = format === 'vtt' ? webvttProblems(text, file) : srtProblems(text, file);
  issues.push(...structural.map((p) => ({ ...p, time: p.cue === null ? null : (startOf.get(p.cue) ?? null) })));
  issues.push(...ruleIssues(file, limits));
  // An empty file (or one with no cue at all) passes no rule: it is not a caption file.
  if (file.cues.length === 0) {
    const why = text.trim() === '' ? 'the file is empty' : 'the file has no caption cues';
    issues.push({ rule: 'syntax', severity: 'error', cue: null, time: null, line: null, message: `${why}: nothing to caption with` });
  }
  issues.sort((a, b) => (a.cue ?? 0) - (b.cue ?? 0) || (a.line ?? 0) - (b.line ?? 0));
  const byRule: Partial<Record<LintRule, number>> = {};
  for (const issue of issues) byRule[issue.rule] = (byRule[issue.rule] ?? 0) + 1;
  return {
    format,
    cues: file.cues.length,
    errors: issues.filter((i) => i.severity === 'error').length,
    warnings: issues.filter((i) => i.severity === 'warning').length,
    byRule,
    limits: { ...limits, fps },
    issues,
  };
}

function ruleIssues(file: ParsedCaptionFile, limits: RuleLimits): LintIssue[] {
  const issues: LintIssue[] = [];
  let prev: { startMs: number; endMs: number; number: number } | null = null;
  for (const cue of file.cues) {
    if (cue.startMs === null || cue.endMs === null) continue;
    const base = { cue: cue.number, time: cue.startMs / 1000, line: cue.line };
    const timed = { startMs: cue.startMs, endMs: cue.endMs, lines: cue.lines };
    for (const v of cueViolations(timed, limits)) issues.push({ ...base, rule: v.rule, severity: LINT_SEVERITY[v.rule], message: v.message });
    if (prev) {
      const v = pairViolation(prev, cue as { startMs: number }, limits);
      if (v) issues.push({ ...base, rule: v.rule, severity: LINT_SEVERITY[v.rule], message: `${v.message} (cue ${prev.number})` });
    }
    // Compare later cues with the latest end so far, so one long cue overlapping many is seen.
    const endMs = Math.max(cue.startMs, cue.endMs);
    prev = { startMs: cue.startMs, endMs: prev && prev.endMs > endMs ? prev.endMs : endMs, number: prev && prev.endMs > endMs ? prev.number : cue.number };
  }
  return issues;
}

type Structural = Omit<LintIssue, 'time'>;

/** Messages our own reader already reports (or the rule checks cover), by their W3C wording. */
const COVERED = [
  'Start timestamp is not greater than or equal to start timestamp of previous cue.',
  'End timestamp is not greater than start timestamp.',
  'Cue identifier cannot be standalone.',
  'Cue identifier needs to be followed by timestamp.',
  'Blank line missing before cue.',
];

/** WebVTT conformance errors from the W3C parser, mapped to cue numbers and de-duplicated. */
function webvttProblems(text: string, file: ParsedCaptionFile): Structural[] {
  const { errors } = new webvtt.WebVTTParser().parse(text.replace(/^\uFEFF/u, ''), 'subtitles');
  const timestampLines = new Set(file.problems.filter((p) => p.rule === 'timestamp').map((p) => p.line));
  const out: Structural[] = [];
  let headerReported = false;
  for (const e of errors) {
    if (COVERED.includes(e.message) || timestampLines.has(e.line)) continue;
    // Cue-text errors are reported on the line after the payload, hence the look one line back.
    const cue = file.cueOfLine[e.line - 1] ?? file.cueOfLine[e.line - 2] ?? null;
    if (e.message.startsWith('No blank line after the signature')) {
      // YouTube's own files carry "Kind:"/"Language:" header lines; players ignore them.
      if (!headerReported) out.push({ rule: 'syntax', severity: 'warning', cue: null, line: e.line, message: 'header lines after WEBVTT (e.g. "Kind:", "Language:") are not in the current WebVTT spec; players ignore them' });
      headerReported = true;
      continue;
    }
    // A bare "&" displays as itself in every player; the spec merely prefers "&amp;".
    const severity: LintSeverity = e.message === 'Incorrect escape.' ? 'warning' : 'error';
    out.push({ rule: 'syntax', severity, cue, line: e.line, message: `WebVTT: ${e.message}` });
  }
  return out;
}

/** SRT has no formal spec; the `subtitle` package stands in for the players that read it. */
function srtProblems(text: string, file: ParsedCaptionFile): Structural[] {
  if (file.problems.some((p) => p.severity === 'error')) return []; // already explained, more precisely
  try {
    parseSubtitles(text);
    return [];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return [{ rule: 'syntax', severity: 'error', cue: null, line: null, message: `SRT reader: ${message}` }];
  }
}
