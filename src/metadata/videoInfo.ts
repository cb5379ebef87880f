/**
 * yt-dlp's `<stem>.info.json` (`--write-info-json`): what YouTube says about the video. capsync
 * takes the title, the upload date, the page URL, the uploader's chapters and the description
 * (when there is no `.description` file) from it; the rest of that large file is ignored.
 */
import { promises as fs } from 'node:fs';
import { CapsyncError } from '../util/errors.js';

/** The `video` block of `<stem>.metadata.json`. */
export interface VideoInfo {
  /** YouTube's video id ("dQw4w9WgXcQ"). */
  id: string | null;
  title: string | null;
  /** The watch page ("https://www.youtube.com/watch?v=…"). */
  url: string | null;
  /** ISO date `YYYY-MM-DD` of the upload. */
  uploadDate: string | null;
  channel: string | null;
  /** Seconds, as YouTube reports it. */
  duration: number | null;
  /** The language YouTube has for the video ("fr"), when the uploader set one. */
  language: string | null;
  description: string | null;
  /** The video's chapters as YouTube shows them (from the uploader's description, usually). */
  chapters: Array<{ start: number; end: number | null; title: string }>;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** `20250213` → `2025-02-13`; anything else → null. */
function isoDate(value: unknown): string | null {
  const s = str(value);
  const m = s ? /^(\d{4})(\d{2})(\d{2})$/.exec(s) : null;
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** Read an info.json's text. Throws a CapsyncError when it is not JSON or not yt-dlp's. */
export function parseVideoInfo(text: string, file = 'info.json'): VideoInfo {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CapsyncError('INFO_JSON_INVALID', `${file} is not valid JSON: ${(error as Error).message}`);
  }
  const d = data as Record<string, unknown>;
  if (!d || typeof d !== 'object' || Array.isArray(d) || !('id' in d || 'webpage_url' in d || 'extractor' in d)) {
    throw new CapsyncError('INFO_JSON_INVALID', `${file} is not a yt-dlp .info.json (no "id", "webpage_url" or "extractor" field)`);
  }
  const chapters: VideoInfo['chapters'] = [];
  if (Array.isArray(d.chapters)) {
    for (const c of d.chapters as Array<Record<string, unknown>>) {
      const start = num(c?.start_time);
      const title = str(c?.title);
      if (start !== null && start >= 0 && title) chapters.push({ start, end: num(c.end_time), title: title.trim() });
    }
  }
  return {
    id: str(d.id),
    title: str(d.title) ?? str(d.fulltitle),
    url: str(d.webpage_url) ?? str(d.original_url),
    uploadDate: isoDate(d.upload_date) ?? isoDate(d.release_date),
    channel: str(d.channel) ?? str(d.uploader),
    duration: num(d.duration),
    language: str(d.language),
    description: typeof d.description === 'string' ? d.description : null,
    chapters,
  };
}

/** Read `<stem>.info.json` (`--info-json`). */
export async function readVideoInfoFile(file: string): Promise<VideoInfo> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new CapsyncError('INPUT_NOT_FOUND', `info.json not found: ${file}`);
    throw new CapsyncError('INPUT_UNREADABLE', `cannot read ${file}: ${(error as Error).message}`);
  }
  return parseVideoInfo(text, file);
}

/**
 * Metadata with what the info.json knows: the video's own title (the description's first line
 * is only a guess at it), the upload date when the description names no date (its date is the
 * event's, kept when present), and a `video` block with the URL and the uploader's chapters.
 */
export function withVideoInfo<T extends { title: string | null; date: string | null; dateText: string | null; video?: Omit<VideoInfo, 'description'> }>(
  metadata: T,
  info: VideoInfo,
): T {
  const { description: _description, ...video } = info;
  return {
    ...metadata,
    title: info.title ?? metadata.title,
    date: metadata.date ?? info.uploadDate,
    dateText: metadata.date ? metadata.dateText : info.uploadDate,
    video,
  };
}
