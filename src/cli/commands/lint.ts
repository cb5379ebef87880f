import { promises as fs } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { type LintIssue, type LintReport, lintCaptions } from '../../captions/lint.js';
import { formatCaptionTimestamp } from '../../captions/timestamp.js';
import { CapsyncError, isCapsyncError } from '../../util/errors.js';
import { describeFileKind, detectFileKind } from '../../util/fileKind.js';
import { MAX_CAPTION_FILE_BYTES } from '../../util/limits.js';
import { readFileLimited } from '../../util/readLimited.js';

/** What `lint --media` needs from the media stage; the pipeline passes a real prober in. */
export interface LintHooks {
  /** Frame rate of a video file, or null when it has none or cannot be read. */
  probeFps?: (mediaPath: string) => Promise<number | null>;
}

interface LintFlags {
  json?: boolean;
  maxLine?: number;
  maxLines?: number;
  maxCps?: number;
  fps?: number;
  media?: string;
  format?: 'vtt' | 'srt';
}

const positiveNumber = (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
};

const positiveInteger = (value: string): number => {
  const n = positiveNumber(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('must be a whole number');
  return n;
};

const captionFormat = (value: string): 'vtt' | 'srt' => {
  if (value !== 'vtt' && value !== 'srt') throw new InvalidArgumentError('must be vtt or srt');
  return value;
};

/** `capsync lint <file>`: report caption rule violations; exit code 1 when any is an error. */
export function registerLint(program: Command, hooks: LintHooks = {}): void {
  program
    .command('lint')
    .description('Check a WebVTT or SRT caption file against broadcast caption rules (line length, lines, reading speed, durations, gaps, overlaps, timestamps).')
    .argument('<file>', 'caption file (.vtt or .srt)')
    .option('--json', 'print the report as JSON')
    .option('--max-line <n>', 'characters per line (default 42; 37 for BBC style)', positiveInteger)
    .option('--max-lines <n>', 'lines per cue (default 2)', positiveInteger)
    .option('--max-cps <n>', 'reading speed in characters per second (default 20; 17 strict)', positiveNumber)
    .option('--fps <n>', 'video frame rate for the gap rule (default 25)', positiveNumber)
    .option('--media <file>', 'video the captions belong to (its frame rate is used when --fps is not given)')
    .option('--format <vtt|srt>', 'file format (default: detected from the WEBVTT signature)', captionFormat)
    .action(async (file: string, flags: LintFlags) => {
      const text = await readCaptionFile(file);
      const fps = flags.fps ?? (flags.media ? await mediaFps(flags.media, hooks) : undefined);
      const report = lintCaptions(text, {
        format: flags.format,
        maxLineLength: flags.maxLine,
        maxLines: flags.maxLines,
        maxCps: flags.maxCps,
        fps,
      });
      process.stdout.write(flags.json ? `${JSON.stringify({ file, ...report }, null, 2)}\n` : formatReport(file, report));
      if (report.errors > 0) process.exitCode = 1;
    });
}

/** Read a caption file; anything that is not one (a video, a transcript, JSON) is refused in one line. */
async function readCaptionFile(file: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFileLimited(file, MAX_CAPTION_FILE_BYTES, 'caption file');
  } catch (error) {
    if (isCapsyncError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new CapsyncError('LINT_INPUT', `cannot read caption file ${file}: ${reason}`);
  }
  const kind = detectFileKind(bytes, file);
  const notCaptions = (what: string, advice: string): CapsyncError =>
    new CapsyncError('LINT_NOT_CAPTIONS', `${file} is not a caption file (it is ${what}); lint checks WebVTT or SRT captions${advice}`);
  if (kind.kind === 'binary') {
    const media = kind.what !== null && /^(video|audio) file/.test(kind.what);
    throw notCaptions(describeFileKind(kind).replace(/^an? /, 'a '), media ? `: to make captions for it, run capsync generate ${file} --transcript <text>` : '');
  }
  if (kind.kind === 'caption' && kind.format !== 'WebVTT' && kind.format !== 'SRT') {
    throw notCaptions(describeFileKind(kind), '');
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  // A text with no cue timing line at all is a transcript or some other document, not captions.
  if (kind.kind !== 'caption' && !/^\s*(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3}\s+-->/m.test(text)) {
    throw notCaptions(describeFileKind(kind), ': it has no WEBVTT header and no cue timings ("00:00:01.000 --> 00:00:03.000")');
  }
  return text;
}

async function mediaFps(media: string, hooks: LintHooks): Promise<number | undefined> {
  if (!hooks.probeFps) {
    process.stderr.write('capsync lint: no frame-rate reader was given; using 25 fps (pass --fps)\n');
    return undefined;
  }
  const fps = await hooks.probeFps(media);
  if (fps === null || !(fps > 0)) {
    const found = await fs.stat(media).then((s) => s.isFile(), () => false);
    if (!found) throw new CapsyncError('LINT_INPUT', `--media: media file not found: ${media}`);
    process.stderr.write(`capsync lint: no frame rate found in ${media}; using 25 fps\n`);
    return undefined;
  }
  return fps;
}

function formatIssue(issue: LintIssue): string {
  const where = [
    issue.cue === null ? 'file' : `cue ${issue.cue}`,
    issue.time === null ? '' : formatCaptionTimestamp(issue.time * 1000, '.'),
    issue.line === null ? '' : `line ${issue.line}`,
  ]
    .filter(Boolean)
    .join(', ');
  return `  ${issue.severity.padEnd(7)} ${issue.rule.padEnd(16)} ${where}: ${issue.message}`;
}

function formatReport(file: string, report: LintReport): string {
  const summary = `${file}: ${report.cues} cues (${report.format.toUpperCase()}), ${report.errors} error${report.errors === 1 ? '' : 's'}, ${report.warnings} warning${report.warnings === 1 ? '' : 's'}`;
  const rules = Object.entries(report.byRule)
    .map(([rule, n]) => `${rule} ${n}`)
    .join(', ');
  return [...report.issues.map(formatIssue), summary + (rules ? ` — ${rules}` : '')].join('\n') + '\n';
}
