/**
 * A progress bar on stderr for long runs (cli-progress). One bar for the whole job: each stage
 * owns a share of it, so the bar only moves forward while the label names the current stage.
 * Shown only on a terminal and when not --quiet; otherwise every call is a no-op, so scripts
 * and logs never see control characters.
 */
import cliProgress from 'cli-progress';

/** Share of a `generate` run each stage takes (decode is fast, locate/refine are the bulk). */
export const GENERATE_STAGE_WEIGHTS: Readonly<Record<string, number>> = Object.freeze({
  decode: 0.12,
  synthesize: 0.2,
  features: 0.08,
  locate: 0.28,
  refine: 0.2,
  retime: 0.04,
  track: 0.02,
  captions: 0.02,
  chapters: 0.02,
  write: 0.02,
});

export interface StageProgressOptions {
  /** Force on/off; default: on when `stream` is a TTY and `quiet` is not set. */
  enabled?: boolean;
  quiet?: boolean;
  stream?: NodeJS.WriteStream;
  /** Shown before the stage name (a file name in batch runs). */
  label?: string;
  /** Stage → share of the bar; stages not listed move the label but not the bar. */
  weights?: Readonly<Record<string, number>>;
}

export interface StageProgress {
  readonly active: boolean;
  /** Report `fraction` (0..1) of `stage` done. */
  update(stage: string, fraction: number): void;
  /** Start a new job on the same bar (batch: next file). */
  reset(label?: string): void;
  /** Remove the bar (call on success and on error). */
  stop(): void;
}

export function createStageProgress(options: StageProgressOptions = {}): StageProgress {
  const stream = options.stream ?? process.stderr;
  const enabled = options.enabled ?? (Boolean(stream.isTTY) && !options.quiet);
  if (!enabled) return { active: false, update() {}, reset() {}, stop() {} };

  const weights = options.weights ?? GENERATE_STAGE_WEIGHTS;
  const order = Object.keys(weights);
  const total = order.reduce((a, k) => a + weights[k], 0) || 1;
  // Where each stage starts on the bar, in stage order.
  const offset: Record<string, number> = {};
  let acc = 0;
  for (const k of order) {
    offset[k] = acc / total;
    acc += weights[k];
  }
  let label = options.label ? `${options.label} ` : '';
  let shown = 0;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{label}{stage} |{bar}| {percentage}% | {duration_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      barsize: 30,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let stopped = false;

  const update = (stage: string, fraction: number): void => {
    if (stopped) return;
    const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
    const at = stage in offset ? offset[stage] + (f * weights[stage]) / total : shown;
    // Never move backwards: a stage reported late or out of order only changes the label.
    shown = Math.max(shown, Math.min(1, at));
    const value = Math.round(shown * 1000);
    if (!started) {
      bar.start(1000, value, { stage, label });
      started = true;
    } else bar.update(value, { stage, label });
  };

  return {
    active: true,
    update,
    reset(next?: string) {
      if (next !== undefined) label = next ? `${next} ` : '';
      shown = 0;
      if (started) bar.update(0, { label });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (started) bar.stop();
    },
  };
}
