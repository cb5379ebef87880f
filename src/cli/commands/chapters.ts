import path from 'node:path';
import type { Command } from 'commander';
import { findChapters } from '../../chapters/findChapters.js';
import { chaptersInputFromVtt, chaptersInputFromWordsJson, timeTranscriptFromWords, type ChaptersInput } from '../../chapters/input.js';
import { checkYouTubeChapters, parseChapterList, renderChapterList, renderChaptersVtt } from '../../chapters/render.js';
import { parseTranscript, readTranscriptFile } from '../../text/index.js';
import type { Chapter } from '../../types.js';
import { writeFilesAtomic } from '../../util/atomicWrite.js';
import { CapsyncError, isCapsyncError } from '../../util/errors.js';
import { MAX_CAPTION_FILE_BYTES } from '../../util/limits.js';
import { readFileLimited } from '../../util/readLimited.js';

export interface ChaptersFlags {
  transcript?: string;
  out?: string;
  minChapter?: string;
  maxChapters?: string;
  json?: boolean;
  chaptersFile?: string;
  duration?: string;
  background?: string[];
  language?: string;
}

export interface ChaptersResult {
  chapters: Chapter[];
  list: string;
  vtt: string;
  files: string[];
  /** Things the user should know (cue-level timing, YouTube rule problems). */
  notes: string[];
}

/** `x.words.json` → `x`, `x.captions.vtt` / `x.en.vtt` / `x.vtt` → `x`. */
export function chaptersStem(file: string): string {
  const base = path.basename(file);
  return base.replace(/\.words\.json$/i, '').replace(/\.json$/i, '').replace(/(?:\.captions)?(?:\.[a-z]{2}(?:-[A-Za-z]{2})?)?\.vtt$/i, '') || base;
}

function numberFlag(value: string | undefined, name: string, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (integer && (!Number.isInteger(n) || n < 1))) {
    throw new CapsyncError('CHAPTERS_BAD_OPTION', `--${name} must be ${integer ? 'a positive whole number' : 'a number of seconds ≥ 0'} (got "${value}")`);
  }
  return n;
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return (await readFileLimited(file, MAX_CAPTION_FILE_BYTES, what)).toString('utf8');
  } catch (error) {
    if (isCapsyncError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CapsyncError('CHAPTERS_NOT_FOUND', `${what} not found: ${file}`);
    if (code === 'EISDIR') throw new CapsyncError('CHAPTERS_NOT_FILE', `${what} is a directory, not a file: ${file}`);
    throw new CapsyncError('CHAPTERS_UNREADABLE', `cannot read ${what} ${file}: ${(error as Error).message}`);
  }
}

/** The work behind `capsync chapters`, without printing. */
export async function runChapters(file: string, flags: ChaptersFlags = {}): Promise<ChaptersResult> {
  const text = await readText(file, 'input file');
  const notes: string[] = [];
  const duration = numberFlag(flags.duration, 'duration', false);
  let input: ChaptersInput;
  if (/^\uFEFF?WEBVTT/.test(text)) {
    input = chaptersInputFromVtt(text, { duration, language: flags.language });
    notes.push('timings come from caption cues (words spread evenly over each cue), so chapter starts are accurate to the cue, not the word');
  } else if (/^\s*[{[]/.test(text)) {
    input = chaptersInputFromWordsJson(text);
    if (duration !== undefined) input.duration = Math.max(input.duration, duration);
  } else {
    throw new CapsyncError('CHAPTERS_BAD_INPUT', `${file} is neither a capsync words.json nor a WebVTT file`);
  }
  if (flags.transcript) {
    // The transcript brings speaker labels, paragraphs and sentences the input may lack.
    const transcript = parseTranscript(await readTranscriptFile(flags.transcript), { language: flags.language ?? input.transcript.language, path: flags.transcript });
    const words = timeTranscriptFromWords(transcript, input.words);
    const placed = words.filter((w) => w.start !== null).length;
    if (placed < words.length * 0.5) {
      throw new CapsyncError('CHAPTERS_TRANSCRIPT_MISMATCH', `only ${placed} of ${words.length} transcript words were found in ${path.basename(file)}; is it the right transcript?`);
    }
    input = { ...input, words, transcript };
  }
  const userChapters = flags.chaptersFile ? parseChapterList(await readText(flags.chaptersFile, 'chapters file')) : undefined;
  if (userChapters && userChapters.length === 0) throw new CapsyncError('CHAPTERS_BAD_INPUT', `no "0:00 Title" lines found in ${flags.chaptersFile}`);
  const background = await Promise.all((flags.background ?? []).map((f) => readText(f, 'background transcript')));
  const minChapterSeconds = numberFlag(flags.minChapter, 'min-chapter', false) ?? 10;
  const chapters = findChapters(input.words, input.transcript, {
    duration: input.duration,
    minChapterSeconds,
    maxChapters: numberFlag(flags.maxChapters, 'max-chapters', true),
    background,
    userChapters,
  });
  if (chapters.length === 0) throw new CapsyncError('CHAPTERS_NO_TIMING', `no word in ${path.basename(file)} has a time; cannot place chapters`);
  for (const problem of checkYouTubeChapters(chapters, minChapterSeconds)) notes.push(`YouTube will not show these chapters as they are: ${problem}`);
  const list = renderChapterList(chapters);
  const vtt = renderChaptersVtt(chapters);
  const outDir = flags.out ?? path.dirname(file);
  const stem = chaptersStem(file);
  const files = [path.join(outDir, `${stem}.chapters.txt`), path.join(outDir, `${stem}.chapters.vtt`)];
  if (files.some((f) => path.resolve(f) === path.resolve(file))) throw new CapsyncError('CHAPTERS_OVERWRITE', `writing ${files.join(' / ')} would overwrite the input; pass --out <dir>`);
  await writeFilesAtomic([
    { path: files[0]!, data: list },
    { path: files[1]!, data: vtt },
  ]);
  return { chapters, list, vtt, files, notes };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `capsync chapters <words.json|captions.vtt>`: chapters from existing timings, no re-alignment. */
export function registerChapters(program: Command): void {
  program
    .command('chapters')
    .description('Find topic chapters in aligned words (words.json) or existing captions (.vtt) and write <stem>.chapters.txt (YouTube description lines) and <stem>.chapters.vtt.')
    .argument('<input>', 'capsync words.json, or a WebVTT caption file (chapter starts then only as accurate as its cues)')
    .option('--transcript <file>', 'the official transcript: speaker labels and paragraphs for segmentation')
    .option('--out <dir>', 'directory for the output files (default: next to the input)')
    .option('--min-chapter <seconds>', 'shortest chapter (YouTube needs ≥ 10)', '10')
    .option('--max-chapters <n>', 'at most this many chapters')
    .option('--chapters-file <file>', 'your own chapters ("0:00 Title" lines or a WebVTT chapters track): titles kept, times snapped to the speech')
    .option('--duration <seconds>', 'media duration, when the input does not give it (captions): speech past the text gets its own chapter')
    .option('--background <file>', 'another transcript, so words every briefing uses weigh less in titles (repeatable)', collect)
    .option('--language <tag>', 'language of the text (default: from the input, else en)')
    .option('--json', 'print the chapters as JSON instead of the chapter list')
    .action(async (file: string, flags: ChaptersFlags) => {
      const result = await runChapters(file, flags);
      if (flags.json) {
        const json = { chapters: result.chapters, files: result.files, notes: result.notes };
        process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      } else {
        process.stdout.write(result.list);
        for (const note of result.notes) process.stderr.write(`capsync chapters: ${note}\n`);
        process.stderr.write(`capsync chapters: wrote ${result.files.join(', ')}\n`);
      }
    });
}
