/**
 * The caption files of one run: the cues, their WebVTT and their SRT. The speaker style is
 * honoured in both: SRT has no voice spans, so with `voice` its cues carry `>>` markers instead
 * (with the speaker's name under `speakerNames`), rather than losing every speaker change.
 */
import type { Cue, SpeakerTurn, TimedWord } from '../types.js';
import { buildCues } from './build.js';
import { type CaptionOptions, resolveCaptionOptions } from './options.js';
import { renderSrt, renderVtt } from './render.js';

export interface CaptionFiles {
  /** The cues of the WebVTT file (the ones statistics and reports describe). */
  cues: Cue[];
  vtt: string;
  srt: string;
}

export function buildCaptionFiles(words: TimedWord[], turns: SpeakerTurn[], options: Partial<CaptionOptions> = {}): CaptionFiles {
  const cues = buildCues(words, turns, options);
  const voice = resolveCaptionOptions(options).speakerStyle === 'voice';
  const vtt = renderVtt(cues, { voiceSpans: voice });
  const srt = renderSrt(voice ? buildCues(words, turns, { ...options, speakerStyle: '>>' }) : cues);
  return { cues, vtt, srt };
}
