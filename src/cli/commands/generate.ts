import path from 'node:path';
import type { Command } from 'commander';
import { generate, type GenerateOptions, type GenerateSummary } from '../../pipeline/generate.js';
import { clipText, formatClock, formatSpan } from '../../pipeline/format.js';
import { CapsyncError } from '../../util/errors.js';
import { createStageProgress } from '../progress.js';
import { addItemOptions, itemOptionsFromFlags, type ItemFlags } from '../itemFlags.js';
import { settleOutputSetsSync } from '../../util/outputSet.js';

export interface GenerateFlags extends ItemFlags {
  transcript?: string;
  description?: string;
  /** A path, or false for --no-timing-from. */
  timingFrom?: string | false;
  infoJson?: string;
  /** False for --no-siblings. */
  siblings?: boolean;
  out?: string;
  chaptersFile?: string;
  review?: boolean;
  json?: boolean;
  quiet?: boolean;
}

/** Command-line flags → library options; bad values are CapsyncErrors naming the flag. */
export function generateOptionsFromFlags(media: string | undefined, flags: GenerateFlags): GenerateOptions {
  const shared = itemOptionsFromFlags(flags);
  if (flags.chaptersFile && shared.chapters !== undefined && shared.chapters !== 'keep') {
    throw new CapsyncError('BAD_OPTION', `--chapters ${shared.chapters} would not use the chapters of --chapters-file; give one or the other`);
  }
  return {
    media,
    transcript: flags.transcript,
    description: flags.description,
    timingFrom: flags.timingFrom === false ? null : flags.timingFrom,
    infoJson: flags.infoJson,
    siblings: flags.siblings,
    outDir: flags.out,
    ...shared,
    chaptersFile: flags.chaptersFile,
    review: flags.review,
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
  if (s.inputs.found.length) {
    lines.push(`  found beside the media: ${s.inputs.found.map((f) => `${path.basename(f.path)} (${f.role})`).join(', ')}`);
  }
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
  const command = program
    .command('generate')
    .description(
      'Align a transcript to a video or audio file: <stem>.vtt/.srt captions, .words.json, .report.json, ' +
        '.chapters.txt/.vtt, .metadata.json (+ .description.txt with --description)',
    )
    .argument('[media]', 'video or audio file (anything ffmpeg reads); files beside it sharing its name are used for the inputs not given; optional only with --timing-from')
    .option('--transcript <file>', 'transcript text (plain, nato.int speaker labels, or a YouTube description)')
    .option('--description <file>', 'YouTube description: metadata, a new description with chapters, and the transcript when --transcript is absent')
    .option('--timing-from <file>', 'caption track with times (YouTube auto-captions, VTT, SRT, srv3, json3, whisper JSON, words.json): fills words the audio leaves unplaced; used alone without media')
    .option('--no-timing-from', 'use no caption track, not even the <stem>.<lang>.vtt found beside the media')
    .option('--info-json <file>', "yt-dlp's <stem>.info.json: title, upload date, URL and the uploader's chapters for the metadata")
    .option('--no-siblings', 'do not look beside the media for <stem>.description, .info.json, .<lang>.vtt, .txt or .html')
    .option('--out <dir>', 'output directory (default: next to the media)')
    .option('--chapters-file <file>', 'your own chapters ("0:00 Title" lines, WebVTT chapters or JSON): titles kept, times snapped to speech')
    .option('--review', 'also write <stem>.review.html: a page that plays the media with the captions, leads to every doubtful spot and exports corrected files');
  addItemOptions(command)
    .option('--json', 'print the summary as JSON on stdout')
    .option('--quiet', 'no progress bar, summary or warnings on stderr')
    .action(async (media: string | undefined, flags: GenerateFlags) => {
      const options = generateOptionsFromFlags(media, flags);
      const bar = createStageProgress({ quiet: flags.quiet });
      // Ctrl-C at any moment: the output folder is left with the old set or the new one, whole,
      // and no temp files or lock (the commit's last step is synchronous, so it is never split).
      const onSignal = (): void => {
        bar.stop();
        settleOutputSetsSync();
        process.exit(130);
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      let result;
      try {
        result = await generate({
          ...options,
          onProgress: (p) => bar.update(p.stage, p.fraction),
        });
      } finally {
        bar.stop();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      if (!flags.quiet) process.stderr.write(formatGenerateSummary(result.summary));
      if (flags.json) process.stdout.write(`${JSON.stringify(result.summary, null, 2)}\n`);
    });
}
