/**
 * Benchmark figures for a set of cues: the share within each caption rule (judged exactly as
 * the linter judges), and, given true word times, how far cue starts and ends are from the
 * speech they show.
 */
import type { CaptionOptions } from './options.js';
import { type RuleLimits, cueViolations, pairViolation, ruleLimits } from './rules.js';

/** What stats need of a cue; foreign cues (read from a file) may lack word indices. */
export interface StatCue {
  start: number;
  end: number;
  lines: readonly string[];
  firstWord?: number;
  lastWord?: number;
}

export interface RuleShare {
  within: number;
  total: number;
  /** within / total, 1 when total is 0. */
  share: number;
}

export interface TimingError {
  n: number;
  /** Seconds. */
  median: number;
  p90: number;
  mean: number;
  max: number;
}

export type StatRule = 'lineLength' | 'lineCount' | 'cps' | 'minDuration' | 'maxDuration' | 'duration' | 'gap' | 'overlap' | 'all';

export interface CaptionStats {
  cues: number;
  limits: RuleLimits;
  /** Per-cue rules count every cue; gap and overlap count each cue after the first. */
  rules: Record<StatRule, RuleShare>;
  /** |cue start − true onset of its first word|, when truth is given. */
  startError: TimingError | null;
  /** |cue end − true end of its last word|, when truth is given. */
  endError: TimingError | null;
}

const RULE_OF: Record<string, StatRule> = {
  'line-length': 'lineLength',
  'line-count': 'lineCount',
  cps: 'cps',
  'min-duration': 'minDuration',
  'max-duration': 'maxDuration',
  'end-before-start': 'duration',
  empty: 'lineCount',
  gap: 'gap',
  overlap: 'overlap',
  order: 'overlap',
};

/**
 * @param truthWords true word times indexed by transcript word index (the same indices as
 *   Cue.firstWord / lastWord); entries may be null for words without truth.
 */
export function captionStats(
  cues: readonly StatCue[],
  truthWords?: ReadonlyArray<{ start: number; end: number } | null | undefined>,
  options: Partial<CaptionOptions> = {},
): CaptionStats {
  const limits = ruleLimits(options);
  const broken = cues.map(() => new Set<StatRule>());
  let prev: { startMs: number; endMs: number } | null = null;
  cues.forEach((cue, i) => {
    const startMs = Math.round(cue.start * 1000);
    const endMs = Math.round(cue.end * 1000);
    for (const v of cueViolations({ startMs, endMs, lines: cue.lines }, limits)) broken[i].add(RULE_OF[v.rule]);
    if (broken[i].has('minDuration') || broken[i].has('maxDuration')) broken[i].add('duration');
    if (prev) {
      const v = pairViolation(prev, { startMs }, limits);
      if (v) broken[i].add(RULE_OF[v.rule]);
    }
    prev = { startMs, endMs: Math.max(prev?.endMs ?? 0, endMs) };
  });
  const share = (rule: StatRule): RuleShare => {
    const pair = rule === 'gap' || rule === 'overlap';
    const total = pair ? Math.max(0, cues.length - 1) : cues.length;
    const failing = broken.filter((set, i) => (!pair || i > 0) && set.has(rule === 'all' ? 'all' : rule)).length;
    const within = total - (rule === 'all' ? broken.filter((set) => set.size > 0).length : failing);
    return { within, total, share: total === 0 ? 1 : within / total };
  };
  const rules = Object.fromEntries(
    (['lineLength', 'lineCount', 'cps', 'minDuration', 'maxDuration', 'duration', 'gap', 'overlap', 'all'] as const).map((r) => [r, share(r)]),
  ) as Record<StatRule, RuleShare>;
  return {
    cues: cues.length,
    limits,
    rules,
    startError: truthWords ? timingError(cues.map((c) => diff(c.start, c.firstWord, truthWords, 'start'))) : null,
    endError: truthWords ? timingError(cues.map((c) => diff(c.end, c.lastWord, truthWords, 'end'))) : null,
  };
}

function diff(
  time: number,
  word: number | undefined,
  truth: ReadonlyArray<{ start: number; end: number } | null | undefined>,
  edge: 'start' | 'end',
): number | null {
  if (word === undefined || word < 0) return null;
  const t = truth[word];
  return t && Number.isFinite(t[edge]) ? Math.abs(time - t[edge]) : null;
}

function timingError(values: Array<number | null>): TimingError | null {
  const xs = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  return {
    n: xs.length,
    median: quantile(xs, 0.5),
    p90: quantile(xs, 0.9),
    mean: xs.reduce((a, b) => a + b, 0) / xs.length,
    max: xs[xs.length - 1],
  };
}

/** Linear-interpolation quantile of sorted values (the common "type 7" definition). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
