/**
 * A same-length "view" of a description: CR/LF variants become one `\n`, control and
 * bidi-override characters become spaces. Every later step scans the view, so offsets
 * found there are offsets into the caller's original string too (no re-mapping needed).
 */

export interface ViewLine {
  /** 0-based. */
  index: number;
  /** Offset of the first character. */
  start: number;
  /** Offset just past the last character (line break excluded). */
  end: number;
  /** Line content from the view (control characters already spaces). */
  text: string;
}

export interface DescriptionView {
  source: string;
  view: string;
  lines: ViewLine[];
  /** The line break most lines use in the source. */
  eol: '\n' | '\r\n';
  /** Control/bidi characters that were blanked. */
  controlCount: number;
  /** Offset of the first blanked control character, or -1. */
  firstControl: number;
}

// C0/C1 controls except \t and \n, DEL, BOM/ZWNBSP, and the bidi embedding/override/isolate
// characters that can make text display differently from what it is ("Trojan source").
const CONTROL_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFEFF\u202A-\u202E\u2066-\u2069]/g;

export function makeView(source: string): DescriptionView {
  let crlf = 0;
  let lf = 0;
  for (let i = 0; i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      if (i > 0 && source.charCodeAt(i - 1) === 13) crlf++;
      else lf++;
    }
  }
  let controlCount = 0;
  let firstControl = -1;
  const view = source
    // The CR of a CRLF becomes a trailing space (trimmed everywhere); a lone CR (old Mac) or a Unicode line/paragraph separator is a line break.
    .replace(/\r(?=\n)/g, ' ')
    .replace(/[\r\u2028\u2029\u0085]/g, '\n')
    .replace(CONTROL_RE, (_m, offset: number) => {
      controlCount++;
      if (firstControl < 0) firstControl = offset;
      return ' ';
    });
  const lines: ViewLine[] = [];
  let start = 0;
  for (let index = 0; ; index++) {
    const nl = view.indexOf('\n', start);
    const end = nl < 0 ? view.length : nl;
    lines.push({ index, start, end, text: view.slice(start, end) });
    if (nl < 0) break;
    start = nl + 1;
  }
  return { source, view, lines, eol: crlf > lf ? '\r\n' : '\n', controlCount, firstControl };
}

/** The original text of a range with line breaks normalized to `\n` and control characters dropped. */
export function cleanSlice(source: string, start: number, end: number): string {
  return source
    .slice(start, end)
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2028\u2029\u0085]/g, '\n')
    .replace(CONTROL_RE, '');
}

/** Strip control characters from a string (for labels and titles). */
export function stripControls(text: string): string {
  return text.replace(/[\r\n\u2028\u2029\u0085]/g, ' ').replace(CONTROL_RE, '');
}

/** Index of the line containing `offset`. Lines are sorted, so binary search. */
export function lineAt(lines: readonly ViewLine[], offset: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function countCodePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
