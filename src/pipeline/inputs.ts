/**
 * Everything `generate` reads from the user, checked before any decoding starts: files exist
 * and are what they claim, a transcript can be found, outputs would not overwrite inputs.
 * Each problem becomes one CapsyncError that names it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CapsyncError, isCapsyncError } from '../util/errors.js';
import { MAX_CHAPTERS_BYTES, MAX_TRACK_BYTES } from '../util/limits.js';
import { readFileLimited } from '../util/readLimited.js';
import type { FileIdentity } from '../util/outputSet.js';
import { decodeBomlessUtf16 } from '../util/utf16.js';
export { checkMediaFile } from '../media/decode.js';
import { readTranscriptInputFile } from '../text/index.js';
import { extractTranscriptFromDescription, parseDescriptionChapters, readDescriptionFile } from '../metadata/index.js';
import { parseChapterList } from '../chapters/index.js';
import { detectTrackFormat, readTimingTrack, wordsFromTrackOnly, type TimingTrack } from '../align/track/index.js';
import { adviceForFileKind, describeFileKind, detectFileKind, type FileKind } from '../util/fileKind.js';

export interface TranscriptInput {
  text: string;
  /** Where the text came from. */
  from: 'transcript' | 'description' | 'track';
  /** Path of the file the text was read from. */
  path: string;
  /** Speaker named by a description's marker line ("NATO Secretary General"). */
  speakerLabel: string | null;
  /** The description's "Transcript continues:" URL. */
  continuesAt: string | null;
  /** Speaker labels the source marked as such (bold labels of a web page). */
  labels: string[];
  /** `html` when the transcript was read from a web page. */
  format: 'text' | 'html';
}

/** The output directory may not exist yet, but must not be a file. */
export async function checkOutDir(outDir: string): Promise<void> {
  try {
    const stat = await fs.stat(outDir);
    if (!stat.isDirectory()) throw new CapsyncError('OUT_NOT_DIRECTORY', `output path exists and is not a directory: ${outDir}`);
  } catch (error) {
    if (error instanceof CapsyncError) throw error;
    // Missing: created when the outputs are written.
  }
}

async function readTextFile(file: string, what: string, maxBytes: number): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFileLimited(file, maxBytes, what);
  } catch (error) {
    if (isCapsyncError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new CapsyncError('INPUT_NOT_FOUND', `${what} not found: ${file}`);
    if (code === 'EISDIR') throw new CapsyncError('INPUT_IS_DIRECTORY', `${what} is a directory, not a file: ${file}`);
    throw new CapsyncError('INPUT_UNREADABLE', `cannot read ${what} ${file}: ${(error as Error).message}`);
  }
  const utf16 = decodeBomlessUtf16(bytes);
  if (utf16 !== null) return utf16;
  if (bytes.subarray(0, 8192).includes(0)) throw new CapsyncError('INPUT_NOT_TEXT', `${what} is not a text file (it contains NUL bytes): ${file}`);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new CapsyncError('INPUT_NOT_TEXT', `${what} is not UTF-8 text: ${file}`);
  }
}

/** A caption/ASR track to take timings from (`--timing-from`). */
export async function readTrackFile(file: string): Promise<TimingTrack> {
  await refuseWrongKind(file, 'timing track', (kind) => kind.kind === 'caption' || (kind.kind === 'json' && (kind.shape === 'timed-words' || kind.shape === 'capsync-words' || kind.shape === 'other')));
  const text = await readTextFile(file, 'timing track', MAX_TRACK_BYTES);
  // A text named like captions is left to the track reader's own message.
  const captionName = /\.(?:vtt|srt|json3?|srv\d|xml|ttml)$/i.test(file);
  if (!captionName && detectTrackFormat(text, file) === null && detectFileKind(Buffer.from(text), file).kind === 'text') {
    throw new CapsyncError('TRACK_WRONG_KIND', `the timing track ${file} is a text file with no cue times, not a caption track: pass a transcript with --transcript`);
  }
  return readTimingTrack(text, file);
}

/**
 * Refuse a file given for one role that is plainly something else (a page as a timing track, an
 * info.json as a description), naming what it is and the option that takes it.
 */
export async function refuseWrongKind(file: string, role: string, accepts: (kind: FileKind) => boolean): Promise<void> {
  let bytes: Buffer;
  try {
    const handle = await fs.open(file, 'r');
    try {
      const { size } = await handle.stat();
      // JSON is judged whole (its shape); anything else from its first bytes.
      const length = Math.min(size, size <= 16 * 1024 * 1024 ? size : 64 * 1024);
      bytes = Buffer.alloc(length);
      await handle.read(bytes, 0, length, 0);
    } finally {
      await handle.close();
    }
  } catch {
    return; // missing or unreadable: the reader says so
  }
  const kind = detectFileKind(bytes, file);
  if (kind.kind === 'text' || accepts(kind)) return;
  if (kind.kind === 'binary') {
    const media = kind.what !== null && /^(video|audio) file/.test(kind.what);
    throw new CapsyncError(
      'INPUT_NOT_TEXT',
      `the ${role} ${file} is not UTF-8 text (it is ${describeFileKind(kind)})${media ? `: ${adviceForFileKind(kind)}` : ''}`,
    );
  }
  const advice = kind.kind === 'html' || kind.kind === 'mhtml' ? 'pass it with --transcript' : adviceForFileKind(kind);
  throw new CapsyncError('INPUT_WRONG_KIND', `the ${role} ${file} is ${describeFileKind(kind)}, not a ${role}${advice ? `: ${advice}` : ''}`);
}

/** The user's chapters: "0:00 Title" lines, a WebVTT chapters track, or JSON [{start, title}]. */
export async function readUserChapters(file: string): Promise<Array<{ start: number; title: string }>> {
  const text = await readTextFile(file, 'chapters file', MAX_CHAPTERS_BYTES);
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw new CapsyncError('CHAPTERS_EMPTY', `chapters file is empty: ${file}`);
  const chapters = trimmed.startsWith('{') || trimmed.startsWith('[') ? parseDescriptionChapters(trimmed, `chapters file ${file}`) : parseChapterList(trimmed);
  if (chapters.length === 0) throw new CapsyncError('CHAPTERS_EMPTY', `chapters file has no "0:00 Title" lines: ${file}`);
  return chapters;
}

/**
 * The transcript text: from `--transcript`; else the excerpt of `--description`; else (with a
 * timing track and nothing else) the track's own words.
 */
export async function loadTranscriptInput(options: {
  transcript?: string;
  description?: { path: string; text: string };
  track?: { path: string; track: TimingTrack };
}): Promise<TranscriptInput> {
  if (options.transcript) {
    const file = await readTranscriptInputFile(options.transcript);
    if (file.text.trim() === '') throw new CapsyncError('TRANSCRIPT_EMPTY', `the transcript file is empty: ${options.transcript}`);
    return { text: file.text, from: 'transcript', path: options.transcript, speakerLabel: null, continuesAt: null, labels: file.labels, format: file.format };
  }
  if (options.description) {
    const extract = extractTranscriptFromDescription(options.description.text);
    // An ordinary description (no excerpt) beside a caption track: the track's words are the text.
    if ((!extract || extract.text.trim() === '') && options.track) return loadTranscriptInput({ track: options.track });
    if (!extract || extract.text.trim() === '') {
      throw new CapsyncError(
        'DESCRIPTION_NO_TRANSCRIPT',
        `the description has no transcript excerpt (no speaker line such as "NATO Secretary General:" followed by text): ${options.description.path}; pass --transcript <file>`,
      );
    }
    return {
      text: extract.text,
      from: 'description',
      path: options.description.path,
      speakerLabel: extract.speakerLabel,
      continuesAt: extract.continuesAt,
      labels: [],
      format: 'text',
    };
  }
  if (options.track) {
    const { transcriptText } = wordsFromTrackOnly(options.track.track);
    if (transcriptText.trim() === '') throw new CapsyncError('TRACK_NO_TEXT', `the timing track has no words to caption: ${options.track.path}`);
    return { text: transcriptText, from: 'track', path: options.track.path, speakerLabel: null, continuesAt: null, labels: [], format: 'text' };
  }
  throw new CapsyncError('NO_TRANSCRIPT', 'no transcript: pass --transcript <file> or --description <file> (with a transcript excerpt)');
}

/** The YouTube description (`--description`): a text file; an info.json, a caption file or a page is refused by name. */
export async function readDescriptionInput(file: string): Promise<string> {
  await refuseWrongKind(file, 'description', () => false);
  return readDescriptionFile(file);
}

export { readDescriptionFile };

/** `briefing.mp4` → `briefing`; `talk.en.vtt` → `talk`; `talk.words.json` → `talk`. */
export function stemOf(file: string): string {
  const base = path.basename(file);
  const stripped = base
    .replace(/\.(?:words|report|metadata|chapters|description|transcript)\.(?:json|txt|vtt)$/i, '')
    .replace(/(?:\.[a-z]{2}(?:-[a-z]{2,4})?)?\.(?:vtt|srt|json|json3|srv3|srv1|xml)$/i, '')
    .replace(/\.[^.]+$/, '');
  return stripped || base;
}

/**
 * Refuse an output path that is one of the inputs. Paths are compared as written, and then as
 * files: an output that exists and is the same file as an input (same device and inode: reached
 * through a symlinked folder, a symlink or a hard link) is refused too. Returns the inputs'
 * identities, so nothing later removes one of them either.
 */
export async function assertNoOverwrite(
  outputs: readonly string[],
  inputs: ReadonlyArray<{ path: string | undefined; what: string }>,
): Promise<FileIdentity[]> {
  const taken = new Map<string, string>();
  const identities: Array<FileIdentity & { label: string }> = [];
  for (const input of inputs) {
    if (!input.path) continue;
    const label = `${input.what} ${input.path}`;
    taken.set(path.resolve(input.path), label);
    const stat = await fs.stat(input.path).catch(() => null);
    if (stat) identities.push({ dev: stat.dev, ino: stat.ino, label });
  }
  for (const out of outputs) {
    let hit = taken.get(path.resolve(out));
    if (!hit) {
      const stat = await fs.stat(out).catch(() => null);
      hit = stat ? identities.find((i) => i.dev === stat.dev && i.ino === stat.ino)?.label : undefined;
    }
    if (hit) throw new CapsyncError('OUTPUT_OVERWRITES_INPUT', `writing ${out} would overwrite the input ${hit}; pass --out <dir>`);
  }
  return identities.map(({ dev, ino }) => ({ dev, ino }));
}
