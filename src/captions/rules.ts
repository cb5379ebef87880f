/**
 * The caption rules as checks on finished cues. Shared by the linter and by captionStats so
 * both judge a cue the same way; the builder uses the same measures (charCount, cps).
 * Times are integer milliseconds.
 */
import type { CaptionOptions } from './options.js';
import { DEFAULT_CAPTION_OPTIONS } from './options.js';

export type CueRule = 'line-length' | 'line-count' | 'cps' | 'min-duration' | 'max-duration' | 'end-before-start' | 'empty';
export type PairRule = 'overlap' | 'gap' | 'order';

/** Limits for checking, rounded leniently (a file at exactly 833 ms passes a 5/6 s minimum). */
export interface RuleLimits {
  maxLineLength: number;
  maxLines: number;
  maxCps: number;
  minDurationMs: number;
  maxDurationMs: number;
  gapMs: number;
}

export function ruleLimits(options: Partial<CaptionOptions> = {}): RuleLimits {
  const o = { ...DEFAULT_CAPTION_OPTIONS, ...definedOnly(options) };
  const fps = o.fps > 0 ? o.fps : DEFAULT_CAPTION_OPTIONS.fps;
  return {
    maxLineLength: o.maxLineLength,
    maxLines: o.maxLines,
    maxCps: o.maxCps,
    minDurationMs: Math.floor(o.minDuration * 1000 + 1e-9),
    maxDurationMs: Math.ceil(o.maxDuration * 1000 - 1e-9),
    gapMs: Math.floor((o.minGapFrames * 1000) / fps + 1e-9),
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Displayed characters of a line: code points, so "é" or an emoji counts once. */
export function lineLength(line: string): number {
  let n = 0;
  for (const _ of line) n++;
  return n;
}

/** Characters a viewer reads in a cue: all lines, spaces and punctuation included, line breaks not. */
export function charCount(lines: readonly string[]): number {
  return lines.reduce((sum, line) => sum + lineLength(line.trim()), 0);
}

/** Reading speed in characters per second; Infinity for a cue with no duration. */
export function cps(lines: readonly string[], startMs: number, endMs: number): number {
  const chars = charCount(lines);
  if (chars === 0) return 0;
  return endMs > startMs ? (chars * 1000) / (endMs - startMs) : Infinity;
}

export interface RuleViolation<R extends string> {
  rule: R;
  message: string;
}

/** Every single-cue rule the cue breaks. `lines` are the visible lines (markup removed, blank lines dropped). */
export function cueViolations(
  cue: { startMs: number; endMs: number; lines: readonly string[] },
  limits: RuleLimits,
): Array<RuleViolation<CueRule>> {
  const out: Array<RuleViolation<CueRule>> = [];
  const { startMs, endMs, lines } = cue;
  lines.forEach((line, i) => {
    const n = lineLength(line.trim());
    if (n > limits.maxLineLength) out.push({ rule: 'line-length', message: `line ${i + 1} has ${n} characters (max ${limits.maxLineLength})` });
  });
  if (lines.length > limits.maxLines) out.push({ rule: 'line-count', message: `${lines.length} lines (max ${limits.maxLines})` });
  if (lines.length === 0) out.push({ rule: 'empty', message: 'cue has no text' });
  if (endMs <= startMs) {
    out.push({ rule: 'end-before-start', message: `end ${endMs === startMs ? 'equals' : 'is before'} start` });
    return out;
  }
  const duration = endMs - startMs;
  if (duration < limits.minDurationMs) out.push({ rule: 'min-duration', message: `shown ${ms(duration)} s (min ${ms(limits.minDurationMs)} s)` });
  if (duration > limits.maxDurationMs) out.push({ rule: 'max-duration', message: `shown ${ms(duration)} s (max ${ms(limits.maxDurationMs)} s)` });
  const speed = cps(lines, startMs, endMs);
  if (speed > limits.maxCps + 1e-9) out.push({ rule: 'cps', message: `reading speed ${speed.toFixed(1)} chars/s (max ${limits.maxCps})` });
  return out;
}

/**
 * The rule between a cue and the one before it in the file. `prevEndMs` is the latest end of
 * any earlier cue, so a long cue overlapping several later ones is caught for each of them.
 */
export function pairViolation(
  prev: { startMs: number; endMs: number },
  next: { startMs: number },
  limits: RuleLimits,
): RuleViolation<PairRule> | null {
  if (next.startMs < prev.startMs) return { rule: 'order', message: 'starts before the previous cue starts' };
  if (next.startMs < prev.endMs) return { rule: 'overlap', message: `overlaps the previous cue by ${ms(prev.endMs - next.startMs)} s` };
  const gap = next.startMs - prev.endMs;
  if (gap < limits.gapMs) return { rule: 'gap', message: `gap to the previous cue is ${ms(gap)} s (min ${ms(limits.gapMs)} s)` };
  return null;
}

const ms = (value: number): string => (value / 1000).toFixed(3);
