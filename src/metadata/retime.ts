/**
 * Move the times of a description's own chapter lines, leaving everything else as written:
 * the titles, the heading, bullets and separators, the timestamp style ("00:00" stays
 * two-digit), the line breaks. This is how a kept chapters block gets its snapped times.
 */

/** A time at the start of a chapter line (after any bullet or bracket). */
const LINE_TIME_RE = /^(\s*(?:[-*•–—]\s*)?[\[(]?)((?:\d{1,2}:)?\d{1,3}:\d{2})(?!\d)/u;

/** `seconds` written like `like`: hours when it had them (or they are needed), two-digit minutes when it had them. */
export function formatTimeLike(seconds: number, like: string): string {
  const total = Math.max(0, Math.floor(seconds + 1e-6));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  const parts = like.split(':');
  const hadHours = parts.length === 3;
  if (hadHours || h > 0) {
    const hh = hadHours && parts[0]!.length === 2 ? String(h).padStart(2, '0') : String(h);
    return `${hh}:${String(m).padStart(2, '0')}:${s}`;
  }
  const mm = parts[0]!.length >= 2 ? String(m).padStart(2, '0') : String(m);
  return `${mm}:${s}`;
}

/**
 * The description with the time of each given line (1-based, as parseDescription numbers them)
 * set to its new start. Lines whose start does not change, and lines without a leading time,
 * are left exactly as they are.
 */
export function retimeDescriptionChapters(text: string, changes: ReadonlyArray<{ line: number; start: number }>): string {
  const pieces = text.split(/(\r\n|[\r\n\u2028\u2029\u0085])/);
  for (const change of changes) {
    const at = (change.line - 1) * 2;
    const line = pieces[at];
    if (line === undefined) continue;
    const m = LINE_TIME_RE.exec(line);
    if (!m) continue;
    pieces[at] = `${m[1]}${formatTimeLike(change.start, m[2]!)}${line.slice(m[0].length)}`;
  }
  return pieces.join('');
}
