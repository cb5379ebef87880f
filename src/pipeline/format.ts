/** Small formatters shared by the report, the summary and the CLI. */

/** `M:SS` below an hour, `H:MM:SS` from an hour on (whole seconds, rounded down). */
export function formatClock(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds + 1e-6));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** `0:05–3:40`. */
export function formatSpan(span: { start: number; end: number }): string {
  return `${formatClock(span.start)}–${formatClock(span.end)}`;
}

/** Seconds rounded to the millisecond (what every JSON output carries). */
export function ms(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/** `a`, `a and b`, `a, b and c`. */
export function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Shorten a passage for a one-line message: first and last words around an ellipsis. */
export function clipText(text: string, maxChars = 80): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (Array.from(clean).length <= maxChars) return clean;
  const chars = Array.from(clean);
  const head = chars.slice(0, Math.floor(maxChars * 0.6)).join('');
  const tail = chars.slice(chars.length - Math.floor(maxChars * 0.3)).join('');
  return `${head.replace(/\s+\S*$/, '')} … ${tail.replace(/^\S*\s+/, '')}`;
}
