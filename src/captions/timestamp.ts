/** Caption timestamps: strict writing, strict and lenient reading. Times are integer milliseconds. */

/** `hh:mm:ss.ttt` (WebVTT) or `hh:mm:ss,ttt` (SRT); hours grow past two digits when needed. */
export function formatCaptionTimestamp(ms: number, separator: '.' | ','): string {
  const total = Math.max(0, Math.round(ms));
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor(total / 60_000) % 60;
  const seconds = Math.floor(total / 1000) % 60;
  const millis = total % 1000;
  const pad = (v: number, n = 2): string => String(v).padStart(n, '0');
  return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}${separator}${pad(millis, 3)}`;
}

const STRICT_VTT = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;
const STRICT_SRT = /^(\d{2,}):([0-5]\d):([0-5]\d),(\d{3})$/;
/** What players commonly accept: 1-digit fields, either separator, 1–3 fraction digits. */
const LENIENT = /^(?:(\d+):)?(\d{1,2}):(\d{1,2})[.,:](\d{1,3})$/;

export interface ParsedTimestamp {
  ms: number;
  /** True when the timestamp follows its format's spec exactly. */
  strict: boolean;
}

/** Read a timestamp; null when not even a lenient reader would accept it. */
export function parseCaptionTimestamp(text: string, format: 'vtt' | 'srt'): ParsedTimestamp | null {
  const strict = (format === 'vtt' ? STRICT_VTT : STRICT_SRT).exec(text);
  const match = strict ?? LENIENT.exec(text);
  if (!match) return null;
  const [, h, m, s, frac] = match;
  const minutes = Number(m);
  const seconds = Number(s);
  if (minutes > 59 || seconds > 59) return null;
  const ms = Number(h ?? 0) * 3_600_000 + minutes * 60_000 + seconds * 1000 + Math.round(Number(`0.${frac}`) * 1000);
  return { ms, strict: strict !== null };
}
