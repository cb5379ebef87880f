/**
 * Reading the user's files for `describe` (and the pipeline's --description): a description
 * text file and a chapters file. Everything the user can fix becomes a CapsyncError.
 */
import { CapsyncError, isCapsyncError } from '../util/errors.js';
import { MAX_CHAPTERS_BYTES, MAX_DESCRIPTION_BYTES } from '../util/limits.js';
import { readFileLimited } from '../util/readLimited.js';
import { decodeBomlessUtf16 } from '../util/utf16.js';
import type { DescriptionChapterInput } from './build.js';
import { parseTimestampLine } from './lineShapes.js';

/** Decode file bytes as text: UTF-8 (BOM dropped), UTF-16 with a BOM or BOM-less; null when it is not text. */
export function decodeTextBytes(bytes: Uint8Array): string | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const utf16 = decodeBomlessUtf16(body);
  if (utf16 !== null) return utf16;
  if (body.subarray(0, 8192).includes(0)) return null; // NUL bytes: an image, a video, a zip…
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return null;
  }
}

async function readUserFile(path: string, what: string, maxBytes: number): Promise<Uint8Array> {
  try {
    // A description is at most a few KB: something huge (or /dev/zero) is refused while reading.
    return await readFileLimited(path, maxBytes, what);
  } catch (error) {
    if (isCapsyncError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new CapsyncError('INPUT_NOT_FOUND', `${what} not found: ${path}`);
    if (code === 'EISDIR') throw new CapsyncError('INPUT_IS_DIRECTORY', `${what} is a directory, not a file: ${path}`);
    throw new CapsyncError('INPUT_UNREADABLE', `cannot read ${what} ${path}: ${(error as Error).message}`);
  }
}

/** Read a YouTube description text file. Missing, empty or binary files are CapsyncErrors. */
export async function readDescriptionFile(path: string): Promise<string> {
  const bytes = await readUserFile(path, 'description file', MAX_DESCRIPTION_BYTES);
  if (bytes.length === 0) throw new CapsyncError('DESCRIPTION_EMPTY', `description file is empty: ${path}`);
  const text = decodeTextBytes(bytes);
  if (text === null) throw new CapsyncError('DESCRIPTION_NOT_TEXT', `description file is not UTF-8 text (binary content?): ${path}`);
  if (text.trim() === '') throw new CapsyncError('DESCRIPTION_EMPTY', `description file has only whitespace: ${path}`);
  return text;
}

/** "1:02:03", "12:05", "75", "75.5" → seconds, or null. */
export function parseDescriptionChapterTime(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  if (typeof value !== 'string') return null;
  const t = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(t)) return Number(t);
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d+))?$/.exec(t);
  if (!m) return null;
  const [h, min, s] = [Number(m[1] ?? 0), Number(m[2]), Number(m[3])];
  if (s >= 60 || (m[1] !== undefined && min >= 60)) return null;
  return h * 3600 + min * 60 + s + (m[4] ? Number(`0.${m[4]}`) : 0);
}

/**
 * Chapters from a file's text: a paste-ready list ("0:00 Intro" lines; other lines ignored),
 * a JSON array of {start, title}, or a JSON object with a `chapters` array (a metadata or
 * chapters JSON). Throws a CapsyncError naming the file when nothing usable is found.
 */
export function parseDescriptionChapters(text: string, fileName = 'chapters file'): DescriptionChapterInput[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw new CapsyncError('CHAPTERS_EMPTY', `${fileName} is empty`);
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (error) {
      throw new CapsyncError('CHAPTERS_BAD_JSON', `${fileName} is not valid JSON: ${(error as Error).message}`);
    }
    const list = Array.isArray(data) ? data : (data as { chapters?: unknown })?.chapters;
    if (!Array.isArray(list)) throw new CapsyncError('CHAPTERS_BAD_JSON', `${fileName}: expected an array of {start, title} or an object with a "chapters" array`);
    const out: DescriptionChapterInput[] = [];
    list.forEach((item, i) => {
      const start = parseDescriptionChapterTime((item as { start?: unknown })?.start);
      const title = (item as { title?: unknown })?.title;
      if (start === null || typeof title !== 'string') {
        throw new CapsyncError('CHAPTERS_BAD_ITEM', `${fileName}: chapter ${i + 1} needs a numeric or "M:SS" start and a string title`);
      }
      out.push({ start, title });
    });
    if (out.length === 0) throw new CapsyncError('CHAPTERS_EMPTY', `${fileName} has no chapters`);
    return out;
  }
  const out: DescriptionChapterInput[] = [];
  for (const line of trimmed.split(/\r\n|\r|\n/)) {
    const ts = parseTimestampLine(line);
    if (ts) out.push({ start: ts.start, title: ts.title });
  }
  if (out.length === 0) throw new CapsyncError('CHAPTERS_EMPTY', `${fileName} has no "0:00 Title" lines`);
  return out;
}

/** Read and parse a chapters file (see parseDescriptionChapters). */
export async function readDescriptionChaptersFile(path: string): Promise<DescriptionChapterInput[]> {
  const bytes = await readUserFile(path, 'chapters file', MAX_CHAPTERS_BYTES);
  const text = decodeTextBytes(bytes);
  if (text === null) throw new CapsyncError('CHAPTERS_NOT_TEXT', `chapters file is not UTF-8 text: ${path}`);
  return parseDescriptionChapters(text, `chapters file ${path}`);
}
