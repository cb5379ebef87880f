import path from 'node:path';
import type { Command } from 'commander';
import { generate, type GenerateOptions, type GenerateSummary } from '../../pipeline/generate.js';
import { clipText, formatClock, formatSpan } from '../../pipeline/format.js';
import type { CaptionOptions, SpeakerStyle } from '../../captions/index.js';
import { CapsyncError } from '../../util/errors.js';
import { createStageProgress } from '../progress.js';

export interface GenerateFlags {
  transcript?: string;
  description?: string;
  timingFrom?: string;
  out?: string;
  language?: string;
  engine?: string;
  maxLine?: string;
  maxCps?: string;
  speakerStyle?: string;
  speakerNames?: boolean;
  minChapter?: string;
  maxChapters?: string;
  chaptersFile?: string;
  json?: boolean;
  quiet?: boolean;
}

const SPEAKER_STYLES: readonly SpeakerStyle[] = ['>>', '-', 'voice', 'none'];

function numberFlag(name: string, raw: string | undefined, check: (n: number) => boolean, what: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || !check(n)) throw new CapsyncError('BAD_OPTION', `${name} must be ${what} (got "${raw}")`);
  return n;
}

/** Command-line flags → library options; bad values are CapsyncErrors naming the flag. */
export function generateOptionsFromFlags(media: string | undefined, flags: GenerateFlags): GenerateOptions {
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
  if (flags.engine !== undefined && flags.engine !== 'acoustic' && flags.engine !== 'dtw') {
    throw new CapsyncError('BAD_OPTION', `--engine must be "acoustic" or "dtw" (got "${flags.engine}")`);
  }
  return {
    media,
    transcript: flags.transcript,
    description: flags.description,
    timingFrom: flags.timingFrom,
    outDir: flags.out,
    language: flags.language,
    engine: flags.engine as GenerateOptions['engine'],
    captions,
    minChapter: numberFlag('--min-chapter', flags.minChapter, (n) => n >= 0, 'a number of seconds ≥ 0'),
    maxChapters: numberFlag('--max-chapters', flags.maxChapters, (n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1'),
    chaptersFile: flags.chaptersFile,
    quiet: flags.quiet,
  };
}

/** The short human summary `generate` prints on stderr. */
export function formatGenerateSummary(s: GenerateSummary): string {
  const lines: string[] = [];
  const name = s.media ? path.basename(s.media) : 'track';
  const pct = s.words.total ? Math.round((100 * s.words.placed) / s.words.total) : 0;
  const length = s.timingFrom === 'track' ? `${formatClock(s.duration)} (timed from the track)` : `${formatClock(s.duration)} of audio`;
  lines.push(`${name}: ${length}, ${s.words.placed} of ${s.words.total} words placed (${pct}%)`);
  lines.push(`  ${s.coverage.note}`);
  if (s.timingFrom !== 'audio') {
    const by = Object.entries(s.words.bySource).map(([k, v]) => `${v} ${k}`).join(', ');
    lines.push(`  timing from ${s.timingFrom}${by ? ` (${by})` : ''}`);
  }
  if (s.notFound.length) {
    const words = s.notFound.reduce((a, p) => a + p.words, 0);
    lines.push(`  not found in the audio: ${s.notFound.length} passage(s), ${words} words`);
    for (const p of s.notFound.slice(0, 5)) lines.push(`    words ${p.firstWord}–${p.lastWord}: "${clipText(p.text, 70)}"`);
    if (s.notFound.length > 5) lines.push(`    … and ${s.notFound.length - 5} more (see the report)`);
  }
  if (s.speechWithoutText.length) {
    const spans = s.speechWithoutText.slice(0, 6).map(formatSpan).join(', ');
    lines.push(`  speech with no text: ${spans}${s.speechWithoutText.length > 6 ? `, … (${s.speechWithoutText.length} in all)` : ''}`);
  }
  if (s.lowConfidence.length) {
    const spans = s.lowConfidence.slice(0, 6).map((l) => `${formatSpan(l)} (${l.words} words)`).join(', ');
    lines.push(`  low confidence: ${spans}${s.lowConfidence.length > 6 ? `, … (${s.lowConfidence.length} in all)` : ''}`);
  }
  lines.push(`  ${s.cues} cues, ${s.chapters} chapters → ${s.outDir} (${s.files.length} files) in ${s.seconds.toFixed(1)} s`);
  for (const w of s.warnings) lines.push(`warning: ${w}`);
  return `${lines.join('\n')}\n`;
}

/** `capsync generate <media> --transcript <file> …`. */
export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description(
      'Align a transcript to a video or audio file: <stem>.vtt/.srt captions, .words.json, .report.json, ' +
        '.chapters.txt/.vtt, .metadata.json (+ .description.txt with --description)',
    )
    .argument('[media]', 'video or audio file (anything ffmpeg reads); optional only with --timing-from')
    .option('--transcript <file>', 'transcript text (plain, nato.int speaker labels, or a YouTube description)')
    .option('--description <file>', 'YouTube description: metadata, a new description with chapters, and the transcript when --transcript is absent')
    .option('--timing-from <file>', 'caption track with times (YouTube auto-captions, VTT, SRT, srv3, json3, whisper JSON, words.json): fills words the audio leaves unplaced; used alone without media')
    .option('--out <dir>', 'output directory (default: next to the media)')
    .option('--language <code>', 'language of the transcript and speech', 'en')
    .option('--engine <engine>', 'alignment engine: "acoustic" (speech model, English and French; the default) or "dtw" (eSpeak-NG reference, any eSpeak language)')
    .option('--max-line <n>', 'characters per caption line (default 42)')
    .option('--max-cps <n>', 'reading speed limit, characters per second (default 20)')
    .option('--speaker-style <style>', 'speaker change marker: ">>", "-", "voice" (WebVTT <v> spans) or "none" (default ">>")')
    .option('--speaker-names', 'put the speaker label after the marker (">> Moderator: …")')
    .option('--min-chapter <seconds>', 'shortest chapter (default 10)')
    .option('--max-chapters <n>', 'most chapters')
    .option('--chapters-file <file>', 'your own chapters ("0:00 Title" lines, WebVTT chapters or JSON): titles kept, times snapped to speech')
    .option('--json', 'print the summary as JSON on stdout')
    .option('--quiet', 'no progress bar, summary or warnings on stderr')
    .action(async (media: string | undefined, flags: GenerateFlags) => {
      const options = generateOptionsFromFlags(media, flags);
      const bar = createStageProgress({ quiet: flags.quiet });
      let result;
      try {
        result = await generate({
          ...options,
          onProgress: (p) => bar.update(p.stage, p.fraction),
        });
      } finally {
        bar.stop();
      }
      if (!flags.quiet) process.stderr.write(formatGenerateSummary(result.summary));
      if (flags.json) process.stdout.write(`${JSON.stringify(result.summary, null, 2)}\n`);
    });
}
