/**
 * Normalization of words from both sides to comparable spoken tokens. The transcript side
 * comes with `spoken` from the text stage; the track side is whatever an ASR or a captioner
 * wrote ("2%", "U.S.", "nato's", "twenty-five"), so it is verbalized here the same way.
 * Tokens are lower-case, without apostrophes, and a spelled acronym collapses to one token
 * ("u s" → "us", "n a t o" → "nato") so "US", "u.s." and "us" all meet.
 */

const ONES = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES: Array<[number, string]> = [
  [1e12, 'trillion'],
  [1e9, 'billion'],
  [1e6, 'million'],
  [1e3, 'thousand'],
];

function under1000(n: number): string[] {
  const out: string[] = [];
  const h = Math.floor(n / 100);
  const r = n % 100;
  if (h) out.push(ONES[h], 'hundred');
  if (r || !h) {
    if (r < 20) out.push(ONES[r]);
    else {
      out.push(TENS[Math.floor(r / 10)]);
      if (r % 10) out.push(ONES[r % 10]);
    }
  }
  return out;
}

/** Cardinal words, American style without "and": 485 → "four hundred eighty five". */
export function cardinalToWords(n: number): string[] {
  if (!Number.isFinite(n) || n < 0 || n >= 1e15 || !Number.isInteger(n)) return [...String(n)].filter((c) => /\d/.test(c)).map((d) => ONES[+d]);
  if (n === 0) return ['zero'];
  const out: string[] = [];
  let rest = n;
  for (const [value, name] of SCALES) {
    if (rest >= value) {
      out.push(...under1000(Math.floor(rest / value)), name);
      rest %= value;
    }
  }
  if (rest) out.push(...under1000(rest));
  return out;
}

const ORDINAL_IRREGULAR: Record<string, string> = {
  one: 'first', two: 'second', three: 'third', five: 'fifth', eight: 'eighth', nine: 'ninth', twelve: 'twelfth',
};

function ordinalize(words: string[]): string[] {
  const last = words[words.length - 1];
  const ord = ORDINAL_IRREGULAR[last] ?? (last.endsWith('y') ? `${last.slice(0, -1)}ieth` : `${last}th`);
  return [...words.slice(0, -1), ord];
}

/** Years are read in pairs ("twenty twenty five"), except 2000–2009 ("two thousand five"). */
function yearWords(n: number): string[] {
  if (n >= 2000 && n <= 2009) return cardinalToWords(n);
  const hi = Math.floor(n / 100);
  const lo = n % 100;
  if (lo === 0) return [...cardinalToWords(hi), 'hundred'];
  return [...cardinalToWords(hi), ...(lo < 10 ? ['oh', ONES[lo]] : cardinalToWords(lo))];
}

const CURRENCY: Record<string, [string, string]> = { $: ['dollar', 'dollars'], '€': ['euro', 'euros'], '£': ['pound', 'pounds'] };

/** Verbalize one numeric chunk such as "1,000", "2.5", "21st", "2025", "7%". Returns null when it is not a number. */
function numberWords(chunk: string): string[] | null {
  const m = /^([$€£])?(\d[\d,]*)(?:\.(\d+))?(st|nd|rd|th|s)?(%)?$/i.exec(chunk);
  if (!m) return null;
  const [, currency, intPart, frac, suffix, percent] = m;
  const digits = intPart.replace(/,/g, '');
  const value = Number(digits);
  let words: string[];
  const plainYear = !currency && !frac && !percent && !intPart.includes(',') && digits.length === 4 && value >= 1100 && value <= 2099;
  if (suffix && /^(st|nd|rd|th)$/i.test(suffix)) words = ordinalize(cardinalToWords(value));
  else if (plainYear) words = yearWords(value);
  else if (digits.length > 1 && digits.startsWith('0')) words = [...digits].map((d) => ONES[+d]);
  else words = cardinalToWords(value);
  if (frac) words = [...words, 'point', ...[...frac].map((d) => ONES[+d])];
  if (suffix?.toLowerCase() === 's') {
    // "1990s" → "nineteen nineties"
    const last = words[words.length - 1];
    words = [...words.slice(0, -1), last.endsWith('y') ? `${last.slice(0, -1)}ies` : `${last}s`];
  }
  if (percent) words.push('percent');
  if (currency) words.push(value === 1 && !frac ? CURRENCY[currency][0] : CURRENCY[currency][1]);
  return words;
}

const SYMBOL_WORDS: Record<string, string> = { '%': 'percent', '&': 'and', '+': 'plus', '@': 'at', '=': 'equals' };

/**
 * Spoken words (lower-case, apostrophes kept) for one written word of a track:
 * "2%" → ["two", "percent"], "U.S." → ["u", "s"], "twenty-five" → ["twenty", "five"], "[Music]" → [].
 */
export function verbalizeTrackWord(text: string): string[] {
  let t = text.normalize('NFKC').replace(/[\u2018\u2019\u02bc`]/g, "'").replace(/[\u2010-\u2015]/g, '-');
  // Sound tags and speaker markers are not words.
  if (/^\[.*\]$|^\(.*\)$|^>>+$|^-+$/.test(t.trim())) return [];
  t = t.trim();
  // Dotted abbreviations: "u.s." / "U.S" / "a.m." → letters.
  if (/^[a-z](\.[a-z])+\.?$/i.test(t.replace(/[,;:!?"]+$/, ''))) {
    return t.toLowerCase().replace(/[^a-z]/g, '').split('');
  }
  const out: string[] = [];
  // Split on hyphens, slashes and other joiners, but keep numbers with separators intact.
  for (const raw of t.split(/[-/–—_]+|\s+/)) {
    let part = raw.replace(/^[^\p{L}\p{N}$€£]+/u, '').replace(/[^\p{L}\p{N}%']+$/u, '').replace(/'+$/, '');
    if (!part) {
      const sym = SYMBOL_WORDS[raw.trim()];
      if (sym) out.push(sym);
      continue;
    }
    const num = numberWords(part);
    if (num) {
      out.push(...num);
      continue;
    }
    // Letters glued to digits ("F35", "G7"): read each piece.
    if (/\d/.test(part) && /\p{L}/u.test(part)) {
      for (const piece of part.match(/\d+|\p{L}+/gu) ?? []) {
        if (/^\d+$/.test(piece)) out.push(...cardinalToWords(Number(piece)));
        else out.push(...(piece.length <= 3 && piece === piece.toUpperCase() ? piece.toLowerCase().split('') : [piece.toLowerCase()]));
      }
      continue;
    }
    part = part.replace(/%$/, '');
    const sym = part.length === 0 ? 'percent' : null;
    if (sym) {
      out.push(sym);
      continue;
    }
    out.push(part.toLowerCase());
    if (raw.endsWith('%')) out.push('percent');
  }
  return out;
}

/**
 * Matching tokens from spoken words: apostrophes dropped, and a run of single letters that
 * came from one written word collapsed ("u s" → "us"), so acronyms compare as one token
 * whichever way each side spelled them.
 */
export function matchTokens(spokenWords: string[]): string[] {
  const words = spokenWords.map((w) => w.toLowerCase().replace(/'/g, '')).filter((w) => w.length > 0);
  if (words.length >= 2 && words.every((w) => w.length === 1 && /\p{L}/u.test(w))) return [words.join('')];
  const out: string[] = [];
  let letters = '';
  for (const w of words) {
    if (w.length === 1 && /\p{L}/u.test(w) && w !== 'a' && w !== 'i') {
      letters += w;
      continue;
    }
    if (letters) out.push(letters);
    letters = '';
    out.push(w);
  }
  if (letters) out.push(letters);
  return out;
}

/** Tokens of a transcript word: its `spoken` form, or the written text verbalized when `spoken` is missing. */
export function transcriptWordTokens(word: { text: string; spoken: string }): string[] {
  const spoken = word.spoken.trim();
  if (spoken) return matchTokens(spoken.split(/\s+/));
  // An empty `spoken` means "not spoken" (a dash, a bullet) — unless the text clearly has letters or digits.
  if (!/[\p{L}\p{N}]/u.test(word.text)) return [];
  return matchTokens(verbalizeTrackWord(word.text));
}

/** Tokens of a track word. */
export function trackWordTokens(text: string): string[] {
  return matchTokens(verbalizeTrackWord(text));
}
