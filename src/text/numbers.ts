/**
 * English number words: cardinals, ordinals, years, decimals. Pure functions; the output is
 * lower-case words separated by single spaces, the form the reference synthesizer reads.
 * American style without "and" ("four hundred eighty five"), as a speaker's rhythm is the
 * same either way and the shorter form keeps the reference tighter.
 */
import { lookupTable } from './table.js';

const ONES = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES: Array<[bigint, string]> = [
  [10n ** 12n, 'trillion'],
  [10n ** 9n, 'billion'],
  [10n ** 6n, 'million'],
  [1000n, 'thousand'],
];
/** Past this, speakers read digits one by one (account numbers, not quantities). */
const MAX_CARDINAL = 10n ** 15n - 1n;

function below1000(n: number): string {
  const parts: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds > 0) parts.push(ONES[hundreds], 'hundred');
  if (rest > 0 || hundreds === 0) {
    if (rest < 20) parts.push(ONES[rest]);
    else {
      parts.push(TENS[Math.floor(rest / 10)]);
      if (rest % 10) parts.push(ONES[rest % 10]);
    }
  }
  return parts.join(' ');
}

/** Read a string of digits one by one: "007" → "zero zero seven". */
export function digitsToWords(digits: string): string {
  return [...digits].filter((d) => d >= '0' && d <= '9').map((d) => ONES[Number(d)]).join(' ');
}

/**
 * Cardinal number words for a non-negative integer given as digits (no separators):
 * "485" → "four hundred eighty five". Very long numbers are read digit by digit.
 */
export function cardinalWords(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new Error(`not a digit string: ${digits}`);
  let n = BigInt(digits);
  if (n > MAX_CARDINAL) return digitsToWords(digits);
  if (n === 0n) return 'zero';
  const parts: string[] = [];
  for (const [value, name] of SCALES) {
    if (n >= value) {
      parts.push(below1000(Number(n / value)), name);
      n %= value;
    }
  }
  if (n > 0n) parts.push(below1000(Number(n)));
  return parts.join(' ');
}

const ORDINAL_IRREGULAR: Record<string, string> = lookupTable({
  one: 'first', two: 'second', three: 'third', five: 'fifth', eight: 'eighth', nine: 'ninth', twelve: 'twelfth',
});

/** Turn the last word of a cardinal into its ordinal: "twenty one" → "twenty first". */
export function ordinalize(cardinal: string): string {
  const words = cardinal.split(' ');
  const last = words[words.length - 1];
  let ord: string;
  if (ORDINAL_IRREGULAR[last]) ord = ORDINAL_IRREGULAR[last];
  else if (last.endsWith('y')) ord = `${last.slice(0, -1)}ieth`;
  else ord = `${last}th`;
  words[words.length - 1] = ord;
  return words.join(' ');
}

export function ordinalWords(digits: string): string {
  return ordinalize(cardinalWords(digits));
}

/**
 * A year as people say it: 2014 → "twenty fourteen", 2000 → "two thousand", 2009 → "two
 * thousand nine", 1905 → "nineteen oh five", 1900 → "nineteen hundred".
 */
export function yearWords(year: number): string {
  if (!Number.isInteger(year) || year < 0) throw new Error(`not a year: ${year}`);
  if (year < 1000 || year >= 10000) return cardinalWords(String(year));
  const high = Math.floor(year / 100);
  const low = year % 100;
  // 2000–2009 (and 1000–1009, 3000…) are said as plain thousands.
  if (high % 10 === 0 && low < 10) return cardinalWords(String(year));
  const head = below1000(high);
  if (low === 0) return `${head} hundred`;
  if (low < 10) return `${head} oh ${ONES[low]}`;
  return `${head} ${below1000(low)}`;
}

/** Plural of a number phrase, for decades: "nineteen ninety" → "nineteen nineties". */
export function pluralizeNumberWords(words: string): string {
  const parts = words.split(' ');
  const last = parts[parts.length - 1];
  if (last.endsWith('y')) parts[parts.length - 1] = `${last.slice(0, -1)}ies`;
  else if (last.endsWith('x')) parts[parts.length - 1] = `${last}es`;
  else parts[parts.length - 1] = `${last}s`;
  return parts.join(' ');
}

/**
 * A plain number as written in English text, with optional thousands commas and decimals:
 * "1,000" → "one thousand", "2.5" → "two point five", ".5" → "point five",
 * "007" → "zero zero seven" (leading zeros are read as digits).
 * Returns null when `text` is not such a number.
 */
export function numberWords(text: string): string | null {
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?$/.exec(text);
  if (!m || (m[1] === undefined && m[2] === undefined)) return null;
  const parts: string[] = [];
  if (m[1] !== undefined) {
    const digits = m[1].replace(/,/g, '');
    parts.push(digits.length > 1 && digits.startsWith('0') ? digitsToWords(digits) : cardinalWords(digits));
  }
  if (m[2] !== undefined) parts.push('point', digitsToWords(m[2]));
  return parts.join(' ');
}

/** "1/2" → "one half", "2/3" → "two thirds"; null for anything that is not a small fraction. */
export function fractionWords(numerator: number, denominator: number): string | null {
  if (!(denominator >= 2 && denominator <= 10 && numerator >= 1 && numerator < denominator)) return null;
  const name = denominator === 2 ? 'half' : denominator === 4 ? 'quarter' : ordinalWords(String(denominator));
  const plural = numerator === 1 ? name : name === 'half' ? 'halves' : `${name}s`;
  return `${cardinalWords(String(numerator))} ${plural}`;
}
