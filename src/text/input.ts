/**
 * Transcript input checks: the file must exist and be text. Each problem a user can fix
 * becomes one CapsyncError whose message names it.
 */
import { CapsyncError, isCapsyncError } from '../util/errors.js';
import { MAX_TRANSCRIPT_BYTES } from '../util/limits.js';
import { readFileLimited } from '../util/readLimited.js';
import { decodeBomlessUtf16 } from '../util/utf16.js';
import { adviceForFileKind, describeFileKind, detectFileKind } from '../util/fileKind.js';
import { decodeHtmlBytes, extractTranscriptFromHtml, htmlFromMhtml } from './html.js';

/** Share of control characters (other than tab/newlines/form feed) above which text is binary. */
const MAX_CONTROL_SHARE = 0.02;
/** A transcript is mostly letters; below this share of non-space characters it is something else. */
const MIN_LETTER_SHARE = 0.4;

function where(path?: string): string {
  return path ? `: ${path}` : '';
}

/**
 * Decode transcript bytes to a string: UTF-8 (BOM removed), or UTF-16 when it starts with a
 * UTF-16 BOM (what Windows Notepad writes as "Unicode") or has the NUL pattern of BOM-less UTF-16. NUL bytes, invalid UTF-8 and text that
 * is mostly control characters are refused as binary.
 */
export function decodeTranscriptBytes(bytes: Uint8Array, path?: string): string {
  let text: string;
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    try {
      text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      throw new CapsyncError('TRANSCRIPT_ENCODING', `the transcript file is not valid UTF-16 text${where(path)}`);
    }
  } else if (decodeBomlessUtf16(bytes) !== null) {
    // UTF-16 saved without a byte-order mark: a NUL in every other byte, but text.
    text = decodeBomlessUtf16(bytes)!;
  } else {
    const nul = bytes.indexOf(0);
    if (nul >= 0) {
      throw new CapsyncError(
        'TRANSCRIPT_BINARY',
        `the transcript file looks binary (it contains NUL bytes), not text${where(path)}`,
      );
    }
    try {
      // ignoreBOM: false makes the decoder drop a UTF-8 BOM.
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      const offset = firstInvalidUtf8(bytes);
      throw new CapsyncError(
        'TRANSCRIPT_ENCODING',
        `the transcript file is not UTF-8 text (invalid byte at offset ${offset})${where(path)}; ` +
          'if it is a binary file pass the transcript instead, if it is text save it as UTF-8',
      );
    }
  }
  assertTranscriptIsText(text, path);
  return text;
}

/** Byte offset of the first invalid UTF-8 sequence (for the error message). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    for (let k = 1; k < len; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += len;
  }
  return i;
}

/**
 * Refuse a string that is not transcript text: NUL or many other control characters
 * (a binary file read as text). Letter and emptiness checks happen after parsing, when
 * speaker labels are known.
 */
export function assertTranscriptIsText(text: string, path?: string): void {
  if (text.includes('\u0000')) {
    throw new CapsyncError('TRANSCRIPT_BINARY', `the transcript looks binary (it contains NUL characters), not text${where(path)}`);
  }
  let control = 0;
  let total = 0;
  for (const ch of text) {
    total++;
    const c = ch.codePointAt(0)!;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || (c >= 0x7f && c < 0xa0) || c === 0xfffd) control++;
  }
  if (total > 0 && control / total > MAX_CONTROL_SHARE && control >= 3) {
    throw new CapsyncError(
      'TRANSCRIPT_BINARY',
      `the transcript looks binary (${Math.round((100 * control) / total)}% non-printable characters), not text${where(path)}`,
    );
  }
}

/**
 * Refuse a body of text with too few letters to be a transcript (a table of numbers, a dump
 * of symbols). Counts non-space characters of the words that would be aligned.
 */
export function assertTranscriptHasLetters(body: string, path?: string): void {
  let letters = 0;
  let visible = 0;
  for (const ch of body) {
    if (/\s/u.test(ch)) continue;
    visible++;
    if (/\p{L}/u.test(ch)) letters++;
  }
  if (visible > 0 && (letters === 0 || letters / visible < MIN_LETTER_SHARE)) {
    throw new CapsyncError(
      'TRANSCRIPT_NOT_TEXT',
      `the transcript has too few letters to be a transcript (${Math.round((100 * letters) / visible)}% letters)${where(path)}`,
    );
  }
}

/** A transcript file read and, for a web page, reduced to what a reader sees. */
export interface TranscriptFile {
  text: string;
  /** `html` for a web page (or a page saved as MHTML), whatever its extension. */
  format: 'text' | 'html';
  /** Speaker labels the page marked in bold (empty for text). */
  labels: string[];
  /** The page's title, for a web page. */
  title: string | null;
}

/**
 * Decode a transcript file's bytes: text as it is, a web page (.html, .htm, or a page saved
 * with .txt) reduced to its transcript. Caption files, JSON, media and documents are refused
 * with a message naming what they are and the option that takes them.
 */
export function decodeTranscriptFile(bytes: Uint8Array, path?: string): TranscriptFile {
  const kind = detectFileKind(bytes, path ?? '');
  if (kind.kind === 'html' || kind.kind === 'mhtml') {
    const html = kind.kind === 'html' ? decodeHtmlBytes(bytes) : htmlFromMhtml(bytes);
    if (html === null) throw new CapsyncError('TRANSCRIPT_NOT_TEXT', `the saved page has no HTML part to read${where(path)}`);
    const page = extractTranscriptFromHtml(html, path);
    return { text: page.text, format: 'html', labels: page.labels, title: page.title };
  }
  if (kind.kind === 'binary' && kind.what !== null) {
    const advice = adviceForFileKind(kind);
    throw new CapsyncError('TRANSCRIPT_BINARY', `the transcript${path ? ` ${path}` : ''} looks binary: it is ${describeFileKind(kind)}, not text; ${advice}`);
  }
  if (kind.kind === 'caption' || kind.kind === 'json') {
    const advice = adviceForFileKind(kind);
    throw new CapsyncError(
      'TRANSCRIPT_WRONG_KIND',
      `the transcript${path ? ` ${path}` : ''} is ${describeFileKind(kind)}, not a transcript${advice ? `: ${advice}` : ''}`,
    );
  }
  return { text: decodeTranscriptBytes(bytes, path), format: 'text', labels: [], title: null };
}

async function readTranscriptBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFileLimited(path, MAX_TRANSCRIPT_BYTES, 'transcript');
  } catch (error) {
    if (isCapsyncError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new CapsyncError('TRANSCRIPT_NOT_FOUND', `transcript file not found: ${path}`);
    if (code === 'EISDIR') throw new CapsyncError('TRANSCRIPT_NOT_FILE', `transcript path is a directory, not a file: ${path}`);
    if (code === 'EACCES' || code === 'EPERM') throw new CapsyncError('TRANSCRIPT_UNREADABLE', `cannot read transcript file (permission denied): ${path}`);
    throw new CapsyncError('TRANSCRIPT_UNREADABLE', `cannot read transcript file ${path}: ${(error as Error).message}`);
  }
}

/** Read a transcript file (text or web page), with the checks of decodeTranscriptFile. */
export async function readTranscriptInputFile(path: string): Promise<TranscriptFile> {
  return decodeTranscriptFile(await readTranscriptBytes(path), path);
}

/** Read a transcript file as text (a web page reduced to its transcript). */
export async function readTranscriptFile(path: string): Promise<string> {
  return (await readTranscriptInputFile(path)).text;
}
