/**
 * Caption rules and their defaults (Netflix English timed-text style, see shared field notes §3).
 * Every stage of the caption code (builder, linter, stats) reads the same resolved numbers,
 * so "within the rules" means the same thing everywhere.
 */

/** How a change of speaker is shown. `'voice'` is a WebVTT `<v Name>` span added by the writer. */
export type SpeakerStyle = '>>' | '-' | 'voice' | 'none';

export interface CaptionOptions {
  /** Characters per display line (Netflix 42; BBC style 37). */
  maxLineLength: number;
  /** Display lines per cue. */
  maxLines: number;
  /** Reading speed limit in characters per second, spaces included (20 adult, 17 strict). */
  maxCps: number;
  /** Seconds. */
  minDuration: number;
  /** Seconds. */
  maxDuration: number;
  /** How long a cue may stay up after its last word, in frames (capped at 1.5 s). */
  maxEndExtension: number;
  /** Minimum gap between consecutive cues, in frames. */
  minGapFrames: number;
  /** Frame rate of the video; 25 when unknown. */
  fps: number;
  /** A silence longer than this (seconds) always ends a cue. */
  maxPause: number;
  speakerStyle: SpeakerStyle;
  /** Put the speaker's label into the `>>`/`-` marker (`>> Moderator: …`). */
  speakerNames: boolean;
}

export const DEFAULT_CAPTION_OPTIONS: Readonly<CaptionOptions> = Object.freeze({
  maxLineLength: 42,
  maxLines: 2,
  maxCps: 20,
  minDuration: 5 / 6,
  maxDuration: 7,
  maxEndExtension: 12,
  minGapFrames: 2,
  fps: 25,
  maxPause: 1.5,
  // YouTube renders plain text only; a `>> ` marker is what its own captions and US broadcast use.
  speakerStyle: '>>',
  speakerNames: false,
});

/** Options plus the derived integer-millisecond limits the algorithms work with. */
export interface ResolvedCaptionOptions extends CaptionOptions {
  gapMs: number;
  extensionMs: number;
  minDurationMs: number;
  maxDurationMs: number;
  maxPauseMs: number;
}

const positive = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;

const nonNegative = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;

/** Fill in defaults and reject nonsense (a non-positive fps or line length falls back to the default). */
export function resolveCaptionOptions(options: Partial<CaptionOptions> = {}): ResolvedCaptionOptions {
  const d = DEFAULT_CAPTION_OPTIONS;
  const fps = positive(options.fps, d.fps);
  const maxLineLength = Math.max(1, Math.floor(positive(options.maxLineLength, d.maxLineLength)));
  const maxLines = Math.max(1, Math.floor(positive(options.maxLines, d.maxLines)));
  const minDuration = nonNegative(options.minDuration, d.minDuration);
  const maxDuration = Math.max(positive(options.maxDuration, d.maxDuration), minDuration);
  const maxEndExtension = nonNegative(options.maxEndExtension, d.maxEndExtension);
  const minGapFrames = nonNegative(options.minGapFrames, d.minGapFrames);
  const maxPause = positive(options.maxPause, d.maxPause);
  const speakerStyle = options.speakerStyle ?? d.speakerStyle;
  return {
    maxLineLength,
    maxLines,
    maxCps: positive(options.maxCps, d.maxCps),
    minDuration,
    maxDuration,
    maxEndExtension,
    minGapFrames,
    fps,
    maxPause,
    speakerStyle,
    speakerNames: options.speakerNames ?? d.speakerNames,
    // Round limits in the direction that keeps the rule: gaps up, extension down.
    gapMs: Math.ceil((minGapFrames * 1000) / fps - 1e-9),
    extensionMs: Math.min(1500, Math.floor((maxEndExtension * 1000) / fps + 1e-9)),
    minDurationMs: Math.ceil(minDuration * 1000 - 1e-9),
    maxDurationMs: Math.floor(maxDuration * 1000 + 1e-9),
    maxPauseMs: Math.round(maxPause * 1000),
  };
}
