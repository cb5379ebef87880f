/**
 * The options `generate` and `batch` share — language, caption layout, chapters — as flags: one
 * definition for both commands, so a batch applies to every item exactly what generate would.
 */
import type { Command } from 'commander';
import type { CaptionOptions, SpeakerStyle } from '../captions/index.js';
import { CHAPTERS_MODES, type ChaptersMode } from '../pipeline/chapterPlan.js';
import { resolveLanguage } from '../pipeline/resolveInputs.js';
import { CapsyncError } from '../util/errors.js';
import type { AlignEngine } from '../align/index.js';

export interface ItemFlags {
  language?: string;
  engine?: string;
  maxLine?: string;
  maxCps?: string;
  speakerStyle?: string;
  speakerNames?: boolean;
  minChapter?: string;
  maxChapters?: string;
  chapters?: string;
}

export interface ItemOptions {
  language?: string;
  engine?: AlignEngine;
  captions: Partial<CaptionOptions>;
  minChapter?: number;
  maxChapters?: number;
  chapters?: ChaptersMode;
}

const SPEAKER_STYLES: readonly SpeakerStyle[] = ['>>', '-', 'voice', 'none'];
const ENGINES: readonly AlignEngine[] = ['acoustic', 'dtw'];

function numberFlag(name: string, raw: string | undefined, check: (n: number) => boolean, what: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || !check(n)) throw new CapsyncError('BAD_OPTION', `${name} must be ${what} (got "${raw}")`);
  return n;
}

/** Register the shared options on a command. */
export function addItemOptions(command: Command): Command {
  return command
    .option('--language <code>', "language of the transcripts and speech: en, fr, fr-FR, fr_FR, fra, en-GB… (default: the info.json's, else en)")
    .option('--engine <engine>', 'alignment engine: "acoustic" (a speech model; English and French, the default) or "dtw" (an eSpeak-NG reference; any eSpeak language)')
    .option('--max-line <n>', 'characters per caption line (default 42)')
    .option('--max-cps <n>', 'reading speed limit, characters per second (default 20)')
    .option('--speaker-style <style>', 'speaker change marker: ">>", "-", "voice" (WebVTT <v> spans; the SRT gets ">>") or "none" (default ">>")')
    .option('--speaker-names', 'put the speaker label after the marker (">> Moderator: …")')
    .option('--min-chapter <seconds>', 'shortest chapter (default 10)')
    .option('--max-chapters <n>', 'most chapters')
    .option(
      '--chapters <mode>',
      'keep: the chapters block the description already has (times snapped to sentence onsets), the default when there is one; ' +
        'replace: automatic chapters replace it; auto: automatic chapters, the description\'s block left as written',
    );
}

/** The shared flags → library options; bad values are CapsyncErrors naming the flag. */
export function itemOptionsFromFlags(flags: ItemFlags): ItemOptions {
  const captions: Partial<CaptionOptions> = {};
  const maxLine = numberFlag('--max-line', flags.maxLine, (n) => Number.isInteger(n) && n >= 10, 'a whole number of characters, at least 10');
  if (maxLine !== undefined) captions.maxLineLength = maxLine;
  const maxCps = numberFlag('--max-cps', flags.maxCps, (n) => n > 0, 'a positive number of characters per second');
  if (maxCps !== undefined) captions.maxCps = maxCps;
  if (flags.speakerStyle !== undefined) {
    if (!SPEAKER_STYLES.includes(flags.speakerStyle as SpeakerStyle)) {
      throw new CapsyncError('BAD_OPTION', `--speaker-style must be one of ${SPEAKER_STYLES.join(', ')} (got "${flags.speakerStyle}")`);
    }
    captions.speakerStyle = flags.speakerStyle as SpeakerStyle;
  }
  if (flags.speakerNames) captions.speakerNames = true;
  if (flags.chapters !== undefined && !CHAPTERS_MODES.includes(flags.chapters as ChaptersMode)) {
    throw new CapsyncError('BAD_OPTION', `--chapters must be one of ${CHAPTERS_MODES.join(', ')} (got "${flags.chapters}")`);
  }
  if (flags.engine !== undefined && !ENGINES.includes(flags.engine as AlignEngine)) {
    throw new CapsyncError('BAD_OPTION', `--engine must be one of ${ENGINES.join(', ')} (got "${flags.engine}")`);
  }
  const options: ItemOptions = {
    language: flags.language === undefined ? undefined : resolveLanguage(flags.language),
    engine: flags.engine as AlignEngine | undefined,
    captions,
    minChapter: numberFlag('--min-chapter', flags.minChapter, (n) => n >= 0, 'a number of seconds ≥ 0'),
    maxChapters: numberFlag('--max-chapters', flags.maxChapters, (n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1'),
    chapters: flags.chapters as ChaptersMode | undefined,
  };
  return options;
}
