/**
 * Helpers shared by the track readers: cue text to words, spreading a cue's time over its
 * words, removing rolling duplicates, and putting the final word list in order.
 */
import type { TrackWord } from '../types.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[name.toLowerCase()] ?? m;
  });
}

/** Markup removed and entities decoded; line breaks kept. */
export function stripMarkup(s: string): string {
  return decodeEntities(s.replace(/<[^>]*>/g, ''));
}

/** Markup removed, entities decoded, whitespace collapsed. */
export function plainText(s: string): string {
  return stripMarkup(s).replace(/\s+/g, ' ').trim();
}

export interface RawWord {
  text: string;
  speakerChange?: boolean;
}

/**
 * Words of a caption text. Sound tags ("[Music]", "(applause)", "♪") are not words; speaker
 * markers (">>", a leading "- ", "MODERATOR:") are dropped and flag the next word instead.
 */
export function wordsOfText(text: string): RawWord[] {
  // Markers are recognized at line starts only: a dash or a capitalized label mid-line is text.
  const cleaned = stripMarkup(text)
    .replace(/\[[^\]]*\]|\([^)]*\)|♪+/g, ' ')
    .replace(/^[ \t]*-[ \t]+/gm, '>> ')
    .replace(/^[ \t]*(>>[ \t]*)?[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,3}:(?=\s)/gm, '>> ');
  const out: RawWord[] = [];
  let change = false;
  for (const token of cleaned.split(/\s+/)) {
    if (!token) continue;
    if (/^>>+$/.test(token)) {
      change = true;
      continue;
    }
    const t = token.replace(/^>>+/, '');
    if (!/[\p{L}\p{N}]/u.test(t)) continue;
    out.push(change || t !== token ? { text: t, speakerChange: true } : { text: t });
    change = false;
  }
  return out;
}

/** Spread [start, end] over words in proportion to their length (plus one for the space after). */
export function spreadWords(words: RawWord[], start: number, end: number, cue?: number): TrackWord[] {
  const weights = words.map((w) => w.text.length + 1);
  const total = weights.reduce((a, b) => a + b, 0);
  let t = start;
  return words.map((w, n) => {
    const d = ((end - start) * weights[n]) / total;
    const word: TrackWord = { text: w.text, start: t, end: t + d };
    if (cue !== undefined) word.cue = cue;
    if (w.speakerChange) word.speakerChange = true;
    t += d;
    return word;
  });
}

/** Line-level key for comparing rolled lines. */
export function lineKey(line: string): string {
  return plainText(line).toLowerCase().replace(/[^\p{L}\p{N}' ]/gu, '').trim();
}

/**
 * Lines of a cue that were not already shown by the previous cue. Roll-up captions repeat the
 * previous cue's last line(s) at the top of the next; drop the longest such overlap.
 */
export function newLines(previous: string[], current: string[]): string[] {
  const prev = previous.map(lineKey).filter(Boolean);
  const cur = current.filter((l) => lineKey(l));
  const keys = cur.map(lineKey);
  for (let t = Math.min(prev.length, keys.length); t > 0; t--) {
    let same = true;
    for (let k = 0; k < t && same; k++) same = prev[prev.length - t + k] === keys[k];
    if (same) return cur.slice(t);
  }
  return cur;
}

/** Drop the first words of `next` that repeat the last words of `prev` (≥ 3 words; word-level roll-up). */
export function dropRepeatedWords(prev: RawWord[], next: RawWord[]): RawWord[] {
  const key = (w: RawWord): string => w.text.toLowerCase().replace(/[^\p{L}\p{N}']/gu, '');
  for (let t = Math.min(prev.length, next.length); t >= 3; t--) {
    let same = true;
    for (let k = 0; k < t && same; k++) same = key(prev[prev.length - t + k]) === key(next[k]);
    if (same) return next.slice(t);
  }
  return next;
}

/**
 * Sort by start, and (for formats that only give starts) keep ends within how long a word
 * plausibly lasts, so a pause after the last word of a line shows as a pause. Backwards, empty
 * and overlapping words are left for repairTrack (validate.ts), which counts what it does.
 */
export function finalizeWords(words: TrackWord[], capInferredEnds: boolean): TrackWord[] {
  const valid = words.filter((w) => Number.isFinite(w.start) && Number.isFinite(w.end) && w.start >= 0 && w.text.length > 0);
  const sorted = valid.map((w, n) => ({ w, n })).sort((x, y) => x.w.start - y.w.start || x.n - y.n).map((x) => x.w);
  for (let n = 0; n < sorted.length; n++) {
    const w = sorted[n];
    if (capInferredEnds) w.end = Math.min(w.end, w.start + maxWordSeconds(w.text));
    w.start = round3(w.start);
    w.end = round3(w.end);
  }
  return sorted;
}

/** Longest plausible duration of a word with an inferred end (slow speech, a drawn-out vowel). */
export function maxWordSeconds(text: string): number {
  return 0.3 + 0.1 * text.length;
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
