/**
 * What kind of file the user handed us, from its first bytes (and its name as a hint): plain
 * text, an HTML page (or one saved as MHTML), a caption file, JSON of a known shape, or a
 * binary such as a video. Each input reader uses this to refuse a file that is something else
 * with a message that names what it is and the option that takes it, instead of reading
 * markup or timestamps as words.
 */
import path from 'node:path';
import { detectBomlessUtf16 } from './utf16.js';

export type CaptionFormat = 'WebVTT' | 'SRT' | 'YouTube srv3/TTML' | 'YouTube json3';

export type JsonShape =
  /** yt-dlp's `--write-info-json` (title, description, upload date, chapters…). */
  | 'yt-dlp-info'
  /** capsync's own `<stem>.words.json`. */
  | 'capsync-words'
  /** whisper-style `{segments: [...]}` or a word list with times. */
  | 'timed-words'
  /** `[{start, title}]` or `{chapters: [...]}`. */
  | 'chapters'
  /** A capsync batch manifest (`[{media, …}]` or `{items: [...]}`). */
  | 'batch-manifest'
  /** capsync's `<stem>.metadata.json` or `<stem>.report.json`. */
  | 'capsync-output'
  | 'other';

export type FileKind =
  | { kind: 'text' }
  | { kind: 'html' }
  /** A page saved "as a single file" (MIME multipart, the HTML part inside). */
  | { kind: 'mhtml' }
  | { kind: 'caption'; format: CaptionFormat }
  | { kind: 'json'; shape: JsonShape }
  /** Not text: what it looks like (`video file (MP4)`, `PDF document`…) or null when unknown. */
  | { kind: 'binary'; what: string | null };

const HTML_EXTENSIONS = new Set(['.html', '.htm', '.xhtml', '.shtml']);
const MHTML_EXTENSIONS = new Set(['.mht', '.mhtml']);

/** Magic numbers of the binaries users mix up with text files. */
function binaryKind(bytes: Uint8Array): string | null {
  const ascii = (from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, Math.min(to, bytes.length)));
  const starts = (...sig: number[]): boolean => sig.every((b, i) => bytes[i] === b);
  if (ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    if (/^(M4A |M4B )/.test(brand)) return 'audio file (M4A)';
    if (/^qt/.test(brand)) return 'video file (QuickTime MOV)';
    return 'video file (MP4)';
  }
  if (starts(0x1a, 0x45, 0xdf, 0xa3)) return 'video file (Matroska/WebM)';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'audio file (WAV)';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'AVI ') return 'video file (AVI)';
  if (ascii(0, 4) === 'OggS') return 'audio file (Ogg)';
  if (ascii(0, 4) === 'fLaC') return 'audio file (FLAC)';
  // MPEG frame sync (0xFFE…), but not a UTF-16 byte-order mark (FF FE).
  if (ascii(0, 3) === 'ID3' || (bytes[0] === 0xff && bytes.length > 1 && bytes[1] !== 0xfe && (bytes[1] & 0xe0) === 0xe0)) return 'audio file (MP3)';
  if (ascii(0, 5) === '%PDF-') return 'PDF document';
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'zip archive (a .docx/.odt document is one)';
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return 'Microsoft Office document (.doc)';
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'PNG image';
  if (starts(0xff, 0xd8, 0xff)) return 'JPEG image';
  if (ascii(0, 4) === 'GIF8') return 'GIF image';
  if (starts(0x1f, 0x8b)) return 'gzip archive';
  if (ascii(0, 5) === '{\\rtf') return 'RTF document';
  return null;
}

/** UTF-16 with a byte-order mark, or BOM-less UTF-16 by its NUL pattern; null for anything else. */
function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return detectBomlessUtf16(bytes);
}

function looksBinary(bytes: Uint8Array): boolean {
  // UTF-16 text has NUL bytes in every other byte.
  if (utf16Encoding(bytes) !== null) return false;
  return bytes.subarray(0, 8192).includes(0);
}

/** The whole text, decoded leniently (UTF-16 when it is that), without a BOM. */
function decodeLeniently(bytes: Uint8Array): string {
  return new TextDecoder(utf16Encoding(bytes) ?? 'utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

/** The first characters of the text (BOM and leading blank space dropped), decoded leniently. */
function headText(bytes: Uint8Array, chars = 4096): string {
  return decodeLeniently(bytes.subarray(0, chars * 4)).trimStart();
}

/** An HTML document or fragment: a doctype, or a first tag that is a document or block element. */
const HTML_START = /^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|link|div|p|article|section|main|table|h[1-6]|ul|ol|span|strong|b|a|script|style|header|nav)\b/i;
/** Tags of text markup, as copied from a page's source. */
const HTML_TAG_RE = /<\/?(?:p|br|div|span|strong|b|em|i|a|li|ul|ol|h[1-6]|blockquote|table|tr|td)(?:\s[^<>]*)?\/?>/gi;
/** This many tags in the first characters and a text file is markup. */
const MIN_TAGS_IN_TEXT = 5;
const SRT_START = /^\d+[^\S\n]*\r?\n\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}[^\S\n]*-->[^\S\n]*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}/;

function jsonShape(value: unknown): JsonShape {
  const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  if (isObject(value)) {
    if ('extractor' in value || 'webpage_url' in value || ('formats' in value && 'id' in value) || '_type' in value) return 'yt-dlp-info';
    if (Array.isArray(value.events) && value.events.some((e) => isObject(e) && 'tStartMs' in e)) return 'other'; // handled as json3 caption before
    if (Array.isArray(value.words) && ('turns' in value || 'version' in value)) return 'capsync-words';
    if (Array.isArray(value.segments) || (Array.isArray(value.words) && value.words.some((w) => isObject(w) && 'start' in w))) return 'timed-words';
    if (Array.isArray(value.items)) return 'batch-manifest';
    if ('schemaVersion' in value || ('coverage' in value && 'timingFrom' in value)) return 'capsync-output';
    if (Array.isArray(value.chapters)) return 'chapters';
    return 'other';
  }
  if (Array.isArray(value) && value.length > 0 && value.every(isObject)) {
    const first = value[0] as Record<string, unknown>;
    if ('media' in first || 'timingFrom' in first) return 'batch-manifest';
    if ('title' in first && 'start' in first) return 'chapters';
    if ('start' in first && ('text' in first || 'word' in first)) return 'timed-words';
  }
  return 'other';
}

/**
 * Classify a file from its bytes and name. Conservative about text: a plain transcript is
 * "text" unless its start is unmistakably something else, so a stray "<" or "{" in prose
 * never turns it into markup.
 */
export function detectFileKind(bytes: Uint8Array, fileName = ''): FileKind {
  const ext = path.extname(fileName).toLowerCase();
  const magic = binaryKind(bytes);
  if (magic) return { kind: 'binary', what: magic };
  if (looksBinary(bytes)) return { kind: 'binary', what: null };
  const head = headText(bytes);
  if (MHTML_EXTENSIONS.has(ext) || (/^(?:From:|Snapshot-Content-Location:|Subject:|Date:|MIME-Version:)/im.test(head.slice(0, 1500)) && /Content-Type:\s*multipart\/related/i.test(head))) {
    return { kind: 'mhtml' };
  }
  if (/^WEBVTT(?:[ \t\r\n]|$)/.test(head)) return { kind: 'caption', format: 'WebVTT' };
  if (SRT_START.test(head)) return { kind: 'caption', format: 'SRT' };
  if (/^(?:<\?xml[^>]*>\s*)?<(?:timedtext|tt)\b/i.test(head)) return { kind: 'caption', format: 'YouTube srv3/TTML' };
  if (HTML_START.test(head) || (HTML_EXTENSIONS.has(ext) && head.startsWith('<'))) return { kind: 'html' };
  // Text copied with its markup ("…</p><p><strong>Moderator:</strong>…"): read as the page it is.
  if ((head.match(HTML_TAG_RE) ?? []).length >= MIN_TAGS_IN_TEXT) return { kind: 'html' };
  if (/^[[{]/.test(head)) {
    let value: unknown;
    try {
      value = JSON.parse(decodeLeniently(bytes));
    } catch {
      return { kind: 'text' };
    }
    const events = (value as { events?: unknown })?.events;
    if (Array.isArray(events) && events.some((e) => !!e && typeof e === 'object' && 'tStartMs' in e)) return { kind: 'caption', format: 'YouTube json3' };
    return { kind: 'json', shape: jsonShape(value) };
  }
  return { kind: 'text' };
}

/** "a caption file (WebVTT)", "a yt-dlp .info.json (video metadata)", "a video file (MP4)"… */
export function describeFileKind(kind: FileKind): string {
  switch (kind.kind) {
    case 'text':
      return 'a text file';
    case 'html':
      return 'an HTML page';
    case 'mhtml':
      return 'a web page saved as a single file (MHTML)';
    case 'caption':
      return `a caption file (${kind.format})`;
    case 'binary':
      return kind.what ? `a ${kind.what}` : 'a binary file';
    case 'json':
      switch (kind.shape) {
        case 'yt-dlp-info':
          return 'a yt-dlp .info.json (video metadata)';
        case 'capsync-words':
          return "capsync's words.json (word timings)";
        case 'timed-words':
          return 'a JSON file of timed words or segments';
        case 'chapters':
          return 'a JSON chapters list';
        case 'batch-manifest':
          return 'a capsync batch manifest';
        case 'capsync-output':
          return "one of capsync's JSON outputs (metadata or report)";
        default:
          return 'a JSON file';
      }
  }
}

/** The option (or command) that does take a file of this kind, as advice ending a message. */
export function adviceForFileKind(kind: FileKind): string {
  switch (kind.kind) {
    case 'caption':
      return 'use --timing-from <file> for its times (and --transcript for the official text)';
    case 'binary':
      if (kind.what && /^(video|audio) file/.test(kind.what)) return 'pass it as the media: capsync generate <media> --transcript <text file>';
      if (kind.what && /document|archive|RTF/.test(kind.what)) return 'save the transcript as plain text (.txt) or as the web page (.html)';
      return 'give a UTF-8 text or HTML file';
    case 'json':
      switch (kind.shape) {
        case 'yt-dlp-info':
          return 'pass it with --info-json (or leave it beside the media, where capsync finds it)';
        case 'capsync-words':
        case 'timed-words':
          return 'use --timing-from <file> for its times';
        case 'chapters':
          return 'use --chapters-file <file>';
        case 'batch-manifest':
          return 'run it with capsync batch <manifest>';
        default:
          return 'give the transcript as text or as the web page (.html)';
      }
    default:
      return '';
  }
}
